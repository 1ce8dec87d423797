/* The group chat: live messages over a WebSocket, catch-up after a reconnect, presence.
 *
 * The same script runs the thread of one session (data-session on #chat): the room's one
 * socket carries every message, each with its session (or null for the main chat); a page
 * shows only its own and, on the main chat, counts new ones in the list of threads.
 *
 * Without this script the page still works: it shows the recent history and posts the
 * form over plain HTTP. All text from messages is put in the page with textContent, so
 * no HTML from a message ever runs; links are made from http(s) addresses only.
 */
(function () {
  "use strict";

  var root = document.getElementById("chat");
  if (!root || !("WebSocket" in window)) {
    return;
  }
  var data = root.dataset;
  var list = document.getElementById("chat-messages");
  var log = list.parentElement;
  var statusLine = document.getElementById("chat-status");
  var form = document.getElementById("chat-form") || document.createElement("form");
  var textarea = form.querySelector("textarea") || document.createElement("textarea");
  var sendButton = form.querySelector("button[type=submit]") || document.createElement("button");
  var formError = document.getElementById("chat-form-error");
  var userId = Number(data.userId);
  var isModerator = data.moderator === "1";
  var lastSeq = Number(data.lastSeq) || 0;
  var pageSession = Number(data.session) || null;
  // After "mark as unread" the page stops reading this place until it is opened again.
  var holdRead = data.holdRead === "1";
  var unread = 0;
  var socket = null;
  var attempts = 0;
  var retryTimer = null;
  var pingTimer = null;
  var countdownTimer = null;
  var removed = false;
  var pending = {};
  var nextClientId = 1;
  // Unique across page loads: the server stores a client_id once per member and room.
  var clientPrefix = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  // The send whose reply did not arrive before the connection went: sending the same
  // text again reuses its client_id, so the server does not store it twice.
  var unsent = null;
  var PING_MS = 20000;
  var URL_PATTERN = /(https?:\/\/[^\s<>"]+|www\.[^\s<>"]+)/g;

  var formatDate = window.herstelcirkelFormatDate;

  function setStatus(text, state) {
    statusLine.textContent = text;
    root.setAttribute("data-state", state);
  }

  function updateTitle() {
    document.title = (unread > 0 ? "(" + unread + ") " : "") + data.title;
  }

  function urlFor(template, seq) {
    return template.replace(/\/0\/([^/]+\/)$/, "/" + seq + "/$1");
  }

  function appendBody(container, body) {
    body.split("\n").forEach(function (line, index) {
      if (index > 0) {
        container.appendChild(document.createElement("br"));
      }
      var last = 0;
      line.replace(URL_PATTERN, function (match, _url, offset) {
        // Leave closing punctuation outside the link, as the server's urlize does.
        var trimmed = match.replace(/[.,;:!?)\]'"]+$/, "");
        if (offset > last) {
          container.appendChild(document.createTextNode(line.slice(last, offset)));
        }
        var link = document.createElement("a");
        link.href = /^https?:\/\//.test(trimmed) ? trimmed : "http://" + trimmed;
        link.rel = "nofollow noopener";
        link.textContent = trimmed;
        container.appendChild(link);
        last = offset + trimmed.length;
        return match;
      });
      if (last < line.length) {
        container.appendChild(document.createTextNode(line.slice(last)));
      }
    });
  }

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

  function actionLink(template, seq, label) {
    var link = element("a", "", label);
    link.href = urlFor(template, seq);
    return link;
  }

  function unreadForm(seq) {
    var unread = element("form", "chat-unread-form");
    unread.method = "post";
    unread.action = urlFor(data.unreadUrl, seq);
    var token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = data.csrf;
    unread.appendChild(token);
    var button = element("button", "link-button", data.tMarkUnread);
    button.type = "submit";
    unread.appendChild(button);
    return unread;
  }

  function render(event) {
    var own = event.author_id === userId;
    var item = element("li", "chat-message" + (own ? " chat-own" : ""));
    item.id = "bericht-" + event.seq;
    item.dataset.seq = event.seq;
    item.dataset.changedSeq = event.changed_seq;
    var meta = element("p", "chat-meta");
    meta.appendChild(element("span", "chat-author", event.author));
    meta.appendChild(document.createTextNode(" "));
    var time = element("time", "", formatDate(event.created_at));
    time.dateTime = event.created_at;
    meta.appendChild(time);
    var visible = !event.deleted && !event.hidden;
    if (event.edited && visible) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(element("span", "chat-flag", data.tEdited));
    }
    item.appendChild(meta);
    if (event.deleted) {
      item.appendChild(element("p", "chat-gone", data.tDeleted));
    } else if (event.hidden) {
      item.appendChild(
        element("p", "chat-gone", data.tHidden.replace("%(reason)s", event.hidden_reason))
      );
    } else {
      var body = element("div", "chat-body");
      appendBody(body, event.body);
      item.appendChild(body);
      var actions = element("p", "chat-actions");
      if (own) {
        actions.appendChild(actionLink(data.editUrl, event.seq, data.tEdit));
        actions.appendChild(document.createTextNode(" "));
        actions.appendChild(actionLink(data.deleteUrl, event.seq, data.tDelete));
      } else {
        actions.appendChild(unreadForm(event.seq));
      }
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(actionLink(data.remindUrl, event.seq, data.tRemind));
      if (isModerator) {
        actions.appendChild(document.createTextNode(" "));
        actions.appendChild(actionLink(data.hideUrl, event.seq, data.tHide));
      }
      item.appendChild(actions);
    }
    return item;
  }

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function scrollToBottom() {
    log.scrollTop = log.scrollHeight;
  }

  /* On the main chat: one more new message in a session's thread, said in the list. */
  function countInThread(event) {
    var item = document.querySelector('#chat-threads [data-thread="' + event.session + '"]');
    var badge = item && item.querySelector(".chat-thread-count");
    if (!badge || badge.dataset.more) {
      return; /* it says "more than 99" already */
    }
    var count = (Number(badge.dataset.count) || parseInt(badge.textContent, 10) || 0) + 1;
    if (badge.hidden) {
      count = 1;
    }
    badge.dataset.count = count;
    badge.textContent = count === 1 ? data.tThreadOne : data.tThreadMany.replace("%(count)s", count);
    badge.hidden = false;
  }

  /* Puts a new or changed message in its place; older or repeated versions are ignored,
   * and so are those of another place (a session's thread, or the main chat). */
  function upsert(event, live) {
    lastSeq = Math.max(lastSeq, event.changed_seq);
    if ((event.session || null) !== pageSession) {
      var isNew = event.seq === event.changed_seq;
      if (live && !pageSession && isNew && event.author_id !== userId && !event.deleted && !event.hidden) {
        countInThread(event);
      }
      return false;
    }
    var existing = document.getElementById("bericht-" + event.seq);
    if (existing) {
      if (Number(existing.dataset.changedSeq) < event.changed_seq) {
        existing.replaceWith(render(event));
      }
      return false;
    }
    var empty = document.getElementById("chat-empty");
    if (empty) {
      empty.remove();
    }
    var item = render(event);
    var after = null;
    var children = list.children;
    for (var i = children.length - 1; i >= 0; i--) {
      if (Number(children[i].dataset.seq) < event.seq) {
        after = children[i];
        break;
      }
    }
    if (after) {
      after.after(item);
    } else {
      list.prepend(item);
    }
    if (live && event.author_id !== userId && !event.deleted && !event.hidden) {
      if (document.hidden) {
        unread += 1;
        updateTitle();
      }
    }
    return true;
  }

  function markRead() {
    if (holdRead) {
      return;
    }
    if (socket && socket.readyState === WebSocket.OPEN && !document.hidden) {
      socket.send(JSON.stringify(inPlace({ type: "read", seq: lastSeq })));
      if (unread) {
        unread = 0;
        updateTitle();
      }
    }
  }

  /* A frame for this page's place: with the session on a thread's page. */
  function inPlace(frame) {
    if (pageSession) {
      frame.session = pageSession;
    }
    return frame;
  }

  function applyEvents(events, live) {
    var stick = nearBottom();
    var added = false;
    events.forEach(function (event) {
      added = upsert(event, live) || added;
    });
    if (added && stick) {
      scrollToBottom();
    }
    if (events.length) {
      markRead();
    }
  }

  function showPresence(online) {
    var ids = {};
    online.forEach(function (id) {
      ids[id] = true;
    });
    document.querySelectorAll("#chat-members li").forEach(function (item) {
      var isOnline = !!ids[Number(item.dataset.userId)];
      item.classList.toggle("is-online", isOnline);
      item.querySelector(".chat-presence").textContent = isOnline ? data.tOnline : data.tNotOnline;
    });
  }

  function showFormError(text) {
    formError.textContent = text;
    formError.hidden = !text;
  }

  function finishSending() {
    sendButton.disabled = false;
    sendButton.textContent = sendButton.dataset.label;
  }

  function onMessage(raw) {
    var message = JSON.parse(raw.data);
    // Other scripts of the page (notices/notices.js) take the frames meant for them.
    document.dispatchEvent(new CustomEvent("chat:frame", { detail: message }));
    switch (message.type) {
      case "message":
        applyEvents([message], true);
        break;
      case "sync":
        applyEvents(message.events, true);
        if (message.more) {
          socket.send(JSON.stringify({ type: "sync", after: lastSeq }));
        }
        break;
      case "history":
        if ((message.session || null) !== pageSession) {
          break;
        }
        var first = list.firstElementChild;
        var offset = log.scrollHeight - log.scrollTop;
        message.events.forEach(function (event) {
          upsert(event, false);
        });
        log.scrollTop = log.scrollHeight - offset;
        var older = document.getElementById("chat-older");
        if (older) {
          var oldest = list.firstElementChild;
          if (message.more && oldest && oldest !== first) {
            older.dataset.before = oldest.dataset.seq;
            older.href = "?voor=" + oldest.dataset.seq;
          } else {
            older.parentElement.remove();
          }
        }
        break;
      case "sent":
        unsent = null;
        if (pending[message.client_id]) {
          delete pending[message.client_id];
          textarea.value = "";
          showFormError("");
          finishSending();
          scrollToBottom();
        }
        break;
      case "error":
        unsent = null;
        delete pending[message.client_id];
        showFormError(message.message);
        finishSending();
        textarea.focus();
        break;
      case "presence":
        showPresence(message.online);
        break;
      case "removed":
        removed = true;
        setStatus(data.tRemoved, "removed");
        sendButton.disabled = true;
        textarea.disabled = true;
        break;
    }
  }

  function scheduleReconnect() {
    // Exponential back-off with jitter: 1, 2, 4 ... 30 seconds.
    var delay = Math.min(30, Math.pow(2, attempts)) * (0.8 + Math.random() * 0.4);
    attempts += 1;
    var seconds = Math.max(1, Math.round(delay));
    setStatus(data.tOffline.replace("%(seconds)s", seconds), "offline");
    clearInterval(countdownTimer);
    countdownTimer = setInterval(function () {
      seconds -= 1;
      if (seconds > 0) {
        setStatus(data.tOffline.replace("%(seconds)s", seconds), "offline");
      }
    }, 1000);
    retryTimer = setTimeout(connect, delay * 1000);
  }

  function connect() {
    clearTimeout(retryTimer);
    clearInterval(countdownTimer);
    setStatus(data.tConnecting, "connecting");
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + data.socketPath);
    socket.addEventListener("open", function () {
      attempts = 0;
      setStatus(data.tConnected, "connected");
      socket.send(JSON.stringify({ type: "sync", after: lastSeq }));
      clearInterval(pingTimer);
      pingTimer = setInterval(function () {
        if (socket.readyState === WebSocket.OPEN) {
          socket.send(JSON.stringify({ type: "ping" }));
        }
      }, PING_MS);
    });
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", function (event) {
      clearInterval(pingTimer);
      // Messages that were on their way may not have arrived: let the person send again.
      if (Object.keys(pending).length) {
        unsent = pending;
        pending = {};
        finishSending();
      }
      if (event.code === 4401) {
        // Logged out after a while without activity: the page shows the log-in.
        window.location.reload();
        return;
      }
      if (removed || event.code === 4403) {
        removed = true;
        setStatus(data.tRemoved, "removed");
        sendButton.disabled = true;
        textarea.disabled = true;
        return;
      }
      scheduleReconnect();
    });
  }

  form.addEventListener("submit", function (event) {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return; // no connection: the form posts over plain HTTP
    }
    event.preventDefault();
    var clientId = clientPrefix + "-" + nextClientId++;
    Object.keys(unsent || {}).forEach(function (id) {
      if (unsent[id] === textarea.value) {
        clientId = id;
      }
    });
    unsent = null;
    pending[clientId] = textarea.value;
    sendButton.disabled = true;
    sendButton.textContent = data.tSending;
    socket.send(
      JSON.stringify(inPlace({ type: "send", body: textarea.value, client_id: clientId }))
    );
  });

  textarea.addEventListener("keydown", function (event) {
    // Ctrl+Enter (or Cmd+Enter) sends; Enter alone starts a new line.
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  /* "Mark as unread" without leaving the page: the same POST, then this page stops
   * reading, so the marker stays where the person put it. */
  document.addEventListener("submit", function (event) {
    var unread = event.target.closest(".chat-unread-form");
    if (!unread || !window.fetch) {
      return;
    }
    event.preventDefault();
    fetch(unread.action, {
      method: "POST",
      body: new FormData(unread),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.ok) {
        holdRead = true;
        setStatus(data.tMarkedUnread, "held");
      } else {
        unread.submit();
      }
    }, function () {
      unread.submit();
    });
  });

  document.addEventListener("click", function (event) {
    var older = event.target.closest("#chat-older");
    if (older && socket && socket.readyState === WebSocket.OPEN) {
      event.preventDefault();
      socket.send(
        JSON.stringify(inPlace({ type: "history", before: Number(older.dataset.before) }))
      );
    }
  });

  document.addEventListener("visibilitychange", markRead);
  window.addEventListener("online", function () {
    if (!socket || socket.readyState === WebSocket.CLOSED) {
      attempts = 0;
      connect();
    }
  });

  sendButton.dataset.label = sendButton.textContent;
  scrollToBottom();
  connect();
})();
