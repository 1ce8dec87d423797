// The date and time of a message or notice the Dutch way ("1 december 2026, 12:05"),
// in the programme's time zone; shared by chat.js and notices.js (loaded before them).
(function () {
  "use strict";
  var dateFormat = new Intl.DateTimeFormat(document.documentElement.lang || "nl", {
    day: "numeric", month: "long", year: "numeric",
    hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Europe/Amsterdam"
  });

  window.herstelcirkelFormatDate = function (iso) {
    var parts = {};
    dateFormat.formatToParts(new Date(iso)).forEach(function (part) {
      parts[part.type] = part.value;
    });
    return parts.day + " " + parts.month + " " + parts.year + ", " + parts.hour + ":" + parts.minute;
  };
})();
