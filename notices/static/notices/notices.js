/* Pinned notices above the chat: live over the chat's socket, and "I have read it".
 *
 * chat.js hands every frame of the socket to the page as a "chat:frame" event; this
 * script takes the notice frames: "notice" (new, or withdrawn), "notice_read" (read in
 * another tab) and the open notices of every "sync" reply (after a reconnect). The
 * button posts its form in the background; without this script the form posts and the
 * page comes back. Notice text goes in with textContent only, so no HTML in it ever runs.
 */
(function () {
  "use strict";

  var section = document.getElementById("notices-pinned");
  if (!section || section.dataset.live !== "1") {
    return;
  }
  var data = section.dataset;
  var list = document.getElementById("notice-list");
  var statusLine = document.getElementById("notices-status");
  var chat = document.getElementById("chat");
  var userId = chat ? Number(chat.dataset.userId) : 0;

  var formatDate = window.herstelcirkelFormatDate;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function hidden(name, value) {
    var input = element("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    return input;
  }

  function render(notice) {
    var item = element("li", "panel first-todo notice");
    item.id = "mededeling-" + notice.id;
    item.dataset.noticeId = notice.id;
    var meta = element("p", "chat-meta");
    meta.appendChild(element("strong", "todo-label", data.tNew));
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(element("span", "notice-from", data.tFrom.replace("%(name)s", notice.author)));
    meta.appendChild(document.createTextNode(" "));
    var time = element("time", "", formatDate(notice.created_at));
    time.dateTime = notice.created_at;
    meta.appendChild(time);
    item.appendChild(meta);
    var body = element("div", "notice-body");
    notice.body.split("\n").forEach(function (line, index) {
      if (index > 0) {
        body.appendChild(element("br"));
      }
      body.appendChild(document.createTextNode(line));
    });
    item.appendChild(body);
    var form = element("form", "notice-read-form");
    form.method = "post";
    form.action = notice.read_url;
    form.appendChild(hidden("csrfmiddlewaretoken", csrfToken()));
    form.appendChild(hidden("next", data.next));
    var button = element("button", "", data.tRead);
    button.type = "submit";
    form.appendChild(button);
    item.appendChild(form);
    return item;
  }

  function refresh() {
    section.hidden = list.children.length === 0;
  }

  function remove(id) {
    var item = document.getElementById("mededeling-" + id);
    if (item) {
      item.remove();
    }
    refresh();
  }

  function upsert(notice) {
    if (notice.withdrawn || notice.author_id === userId) {
      remove(notice.id);
      return;
    }
    if (!document.getElementById("mededeling-" + notice.id)) {
      list.appendChild(render(notice));
    }
    refresh();
  }

  /* After a (re)connect the server says which notices are open: exactly those stay. */
  function replaceAll(notices) {
    var open = {};
    notices.forEach(function (notice) {
      open[notice.id] = true;
      upsert(notice);
    });
    Array.prototype.slice.call(list.children).forEach(function (item) {
      if (!open[item.dataset.noticeId]) {
        item.remove();
      }
    });
    refresh();
  }

  document.addEventListener("chat:frame", function (event) {
    var frame = event.detail;
    if (frame.type === "notice") {
      upsert(frame);
    } else if (frame.type === "notice_read") {
      remove(frame.id);
    } else if (frame.type === "sync" && Array.isArray(frame.notices)) {
      replaceAll(frame.notices);
    }
  });

  section.addEventListener("submit", function (event) {
    var form = event.target.closest(".notice-read-form");
    if (!form || !window.fetch) {
      return; // the form posts over plain HTTP
    }
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      var item = form.closest(".notice");
      remove(item.dataset.noticeId);
      statusLine.textContent = data.tDone;
      var heading = document.getElementById("chat-messages-heading");
      if (section.hidden && heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }).catch(function () {
      form.submit(); // let the server answer with a page of its own
    });
  });
})();
