// A copy button beside a read-only link (the coordinator's invitation link). Without
// JavaScript the button stays hidden and the link can be selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-kopieer]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-kopieer"));
    var status = document.getElementById(button.getAttribute("aria-describedby") || "");
    if (!field || !status) return;
    button.hidden = false;
    function say(text) {
      status.textContent = text;
    }
    button.addEventListener("click", function () {
      var copied = navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(field.value)
        : Promise.reject(new Error("geen klembord"));
      copied.then(
        function () { say("Gekopieerd"); },
        function () {
          field.focus();
          field.select();
          say("Kopiëren lukte niet. De link is geselecteerd: kopieer hem met Ctrl+C (of lang drukken op een telefoon).");
        }
      );
    });
  });
})();
