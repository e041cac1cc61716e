/* Amounts in đồng (inputs marked data-amount) regrouped with dots as their digits are typed:
   50000000 shows as 50.000.000. Only digits are regrouped: once someone types a dot or a space of
   their own, what they type is left as it is, so that the server reads it or refuses it when it
   could be read two ways (50.000000). An amount well written with spaces is shown with dots when
   the field is left. The server never depends on this script. */
(function () {
  "use strict";
  var SEPARATOR = /[.\s\u00a0\u202f]/;
  var SEPARATORS = /[.\s\u00a0\u202f]/g;
  // What the server reads, as amount_parse does: plain digits, or thousands grouped by one separator.
  var AMOUNT = /^(?:[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,2}(?:[ \u00a0\u202f][0-9]{3})+)$/;
  var OUR_GROUPING = /^(?:[0-9]*|[1-9][0-9]{0,2}(?:\.[0-9]{3})+)$/;

  function isAmount(element) {
    return element instanceof HTMLInputElement && element.hasAttribute("data-amount");
  }

  function group(digits) {
    return digits.replace(/\B(?=(?:[0-9]{3})+$)/g, ".");
  }

  // Regroup the digits, the caret kept after the same number of digits.
  function regroup(input, digits) {
    var caret = input.selectionStart === null ? input.value.length : input.selectionStart;
    var before = input.value.slice(0, caret).replace(SEPARATORS, "").length;
    var value = /^0[0-9]/.test(digits) ? digits : group(digits);
    if (value === input.value) return;
    input.value = value;
    var position = 0;
    for (var seen = 0; position < value.length && seen < before; position++) {
      if (!SEPARATOR.test(value[position])) seen++;
    }
    input.setSelectionRange(position, position);
  }

  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (isAmount(input)) input.dataset.amountOwnGrouping = OUR_GROUPING.test(input.value) ? "" : "1";
  });

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!isAmount(input)) return;
    if (event.data && SEPARATOR.test(event.data)) {
      input.dataset.amountOwnGrouping = "1";
      return;
    }
    var digits = input.value.replace(SEPARATORS, "");
    if (!/^[0-9]*$/.test(digits)) return; // a comma, a sign, letters: for the server to refuse
    if (input.dataset.amountOwnGrouping && digits !== input.value) return;
    input.dataset.amountOwnGrouping = "";
    regroup(input, digits);
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!isAmount(input)) return;
    var value = input.value.trim();
    if (AMOUNT.test(value) && !/^0[0-9]/.test(value)) input.value = group(value.replace(SEPARATORS, ""));
  });
})();
