// "Iedereen aanwezig" in the page itself: every row of the register is set to present, in
// one tap and without a round trip. Saving stays a separate step ("Lijst opslaan"), as it
// is without JavaScript, where the button asks the server for the same prefilled register.
(function () {
  "use strict";
  var tools = document.getElementById("attendance-everyone-present");
  var register = document.getElementById("attendance-register");
  var status = document.getElementById("attendance-status");
  if (!tools || !register) {
    return;
  }
  tools.addEventListener("submit", function (event) {
    event.preventDefault();
    register.querySelectorAll('input[type="radio"][value="present"]').forEach(function (radio) {
      radio.checked = true;
    });
    if (status) {
      // Empty first, so that a second tap is announced again by screen readers.
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = status.dataset.done;
      }, 50);
    }
  });
})();
