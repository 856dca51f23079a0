// Small page behaviours declared in the markup, so that no template needs an
// inline script or an on...= attribute (the Content Security Policy forbids
// both). Delegated from the document: content swapped in by htmx works too.
//
//   <select data-autosubmit>            submits its form when changed
//   <form data-confirm="…">             asks before submitting
//   <button data-confirm="…">           asks before submitting its form
//   <input data-select-on-focus>        selects its text when focused
//   <button data-print>                 opens the print dialog
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) {
      if (el.form.requestSubmit) {
        el.form.requestSubmit();
      } else {
        el.form.submit();
      }
    }
  });

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-confirm], [data-print]") : null;
    if (!el) return;
    if (el.hasAttribute("data-print")) {
      event.preventDefault();
      window.print();
      return;
    }
    if (el.tagName !== "FORM" && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-confirm]")) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    }
  });

  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-select-on-focus]") && el.select) el.select();
  });
})();
