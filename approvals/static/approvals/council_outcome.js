/* The council meeting screen proposes each dossier's outcome from its votes: once a row's votes
   are entered (the totals of a secret ballot, the members' choices in an open one), its outcome is
   preselected as the award form's rules draw it, from the row's data-* attributes: the award (or
   the proposal to the level above) when the meeting has its quorum and the votes for reach the
   threshold, "not recommended" when they do not, nothing without a quorum. An outcome the
   secretary picks is left alone. The server checks every outcome against its vote; it never
   depends on this script. */
(function () {
  "use strict";
  var NOT_RECOMMENDED = "not_recommended";

  function outcomeOf(row) {
    return row.querySelector("select[name$='-outcome']");
  }

  // The votes for in the row, or null while none is entered.
  function votesFor(row) {
    var total = row.querySelector("input[name$='-votes_for']");
    if (total) return /^\s*[0-9]+\s*$/.test(total.value) ? parseInt(total.value, 10) : null;
    var cast = 0;
    var inFavour = 0;
    row.querySelectorAll("select[name*='-member_']").forEach(function (choice) {
      if (choice.value) cast++;
      if (choice.value === "for") inFavour++;
    });
    return cast ? inFavour : null;
  }

  function proposal(row, present) {
    var votes = votesFor(row);
    if (votes === null) return "";
    var members = Number(row.dataset.members);
    if (present * 100 < Number(row.dataset.quorum) * members) return "";
    var base = row.dataset.basis === "present" ? present : members;
    return votes * 100 >= Number(row.dataset.threshold) * base ? row.dataset.passed : NOT_RECOMMENDED;
  }

  function propose(form) {
    var present = form.querySelectorAll("input[name='attendees']:checked").length;
    form.querySelectorAll("tr[data-passed]").forEach(function (row) {
      var outcome = outcomeOf(row);
      if (outcome && !outcome.dataset.chosen) outcome.value = proposal(row, present);
    });
  }

  function changed(event) {
    var target = event.target;
    var form = target.form;
    if (!form || !form.hasAttribute("data-council-meeting")) return;
    if (/-outcome$/.test(target.name)) {
      // The secretary's own choice; choosing "—" again lets the votes propose.
      target.dataset.chosen = target.value ? "1" : "";
      return;
    }
    propose(form);
  }

  document.addEventListener("input", changed);
  document.addEventListener("change", changed);
  document.addEventListener("DOMContentLoaded", function () {
    // An outcome already there (the form shown again with its errors) was chosen before.
    document.querySelectorAll("form[data-council-meeting] tr[data-passed]").forEach(function (row) {
      var outcome = outcomeOf(row);
      if (outcome && outcome.value) outcome.dataset.chosen = "1";
    });
  });
})();
