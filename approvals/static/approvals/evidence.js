/* The dossier form's evidence: only the fields that the award standard reads for the award form
   and kind of nominee chosen are shown (with a registration chosen, its award form and kind;
   choosing a registration chooses its award form). The others are hidden, never cleared: what
   was typed in them is sent and shows again when the choice changes back. The mapping is the
   server's (json_script "evidence-fields": {award_form_id: {nominee_kind: [field names]}});
   without this script, every field shows, and the server reads them all either way. */
(function () {
  "use strict";

  function json(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : {};
  }

  function setUp(form) {
    var mapping = json("evidence-fields");
    var registrations = json("registration-nominees");
    var hint = form.querySelector("[data-evidence-hint]");
    var none = form.querySelector("[data-evidence-none]");

    function chosen(name) {
      var control = form.elements.namedItem(name);
      return control && control.value ? control.value : "";
    }

    function update() {
      var registration = registrations[chosen("registration")];
      var awardForm = registration ? String(registration.award_form) : chosen("award_form");
      var kind = registration ? registration.nominee_kind : chosen("nominee_kind");
      var read = mapping[awardForm] && mapping[awardForm][kind];
      form.querySelectorAll("[data-evidence]").forEach(function (wrapper) {
        wrapper.hidden = Boolean(read) && read.indexOf(wrapper.getAttribute("data-evidence")) < 0;
      });
      if (hint) hint.hidden = !read || read.length === 0;
      if (none) none.hidden = !read || read.length > 0;
    }

    // A dossier that follows a registration is for the award form registered: chosen with it.
    function followRegistration() {
      var registration = registrations[chosen("registration")];
      var awardForm = form.elements.namedItem("award_form");
      if (!registration || !awardForm) return;
      var value = String(registration.award_form);
      for (var i = 0; i < awardForm.options.length; i++) {
        if (awardForm.options[i].value === value) awardForm.value = value;
      }
    }

    form.addEventListener("change", function (event) {
      var name = event.target && event.target.name;
      if (name === "registration") followRegistration();
      if (name === "award_form" || name === "nominee_kind" || name === "registration") update();
    });
    update();
  }

  function start() {
    document.querySelectorAll("form[data-evidence-form]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
