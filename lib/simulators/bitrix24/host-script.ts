/**
 * The script of the simulated portal's host pages: BX.rest.AppLayout of rest/install/js/rest/
 * applayout.js, the parent window every Bitrix24 app frame talks to, cut down to what a test can
 * observe. It submits the frame form into the iframe, then answers the frame's postMessage
 * commands exactly as applayout.js does:
 * - a message is taken only from the iframe's origin (the handler's), as a string
 *   `command:params:callback:appSid` (split keeps the colons of the JSON params:
 *   first part, middle parts, last two) or an object `{method, params, callback, appSid}`;
 *   an APP_SID other than the page's is ignored, and so is a command the interface lacks;
 * - the answer goes to the iframe as `callback:` + JSON (nothing after the colon for
 *   `undefined`), and only when the command carried a callback;
 * - getInitData answers LANG, DOMAIN (location.host), PROTOCOL, PATH, AUTH_ID, AUTH_EXPIRES,
 *   REFRESH_ID, MEMBER_ID, FIRST_RUN, IS_ADMIN, INSTALL, USER_OPTIONS, APP_OPTIONS, PLACEMENT,
 *   PLACEMENT_OPTIONS, then FIRST_RUN turns false; refreshAuth asks the portal (ajax
 *   access_refresh) for a new pair of the page's user; resizeWindow sizes the layout around the
 *   iframe (width '100%' or px, height px) and answers the layout's size; setTitle, setScroll,
 *   setUserOption, setInstall answer their params; setAppOption only for an admin, after the
 *   portal stored it; setInstallFinish marks the install finished and reloads the page with
 *   install_finished=Y (no answer); openPath answers {result:'close'} for the paths the portal
 *   opens in a slider (the simulated slider closes at once) and PATH_NOT_AVAILABLE otherwise;
 *   the dialogs and the im* commands are recorded and not answered, except selectUser, which
 *   answers `window.__b24host.selectUserAnswer` when a test has set it;
 * - openApplication is BX.rest.AppLayout.openApplication: the `bx24_*` keys of its params are the
 *   slider's settings (width, title), the rest goes to the portal (ajax open_application), which
 *   answers a new frame of the app's "Application URL" with PLACEMENT=DEFAULT and those params as
 *   PLACEMENT_OPTIONS; the page opens it in a slider over itself (a layout of its own, with its
 *   own APP_SID, answering the same commands), and answers the opener — with nothing — when the
 *   slider closes: its close button, a click on the overlay, Escape, or closeApplication from the
 *   frame inside it (closeApplication from the page's own frame does nothing).
 * Everything is recorded in `window.__b24host` ({commands, heights, installFinished, titles,
 * paths, applications, sliders, options}); commands and heights survive the page's own reloads.
 */
export const HOST_SCRIPT = String.raw`(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('b24host-config').textContent);
  var saved = null;
  try {
    saved = JSON.parse(window.sessionStorage.getItem('b24host') || 'null');
    window.sessionStorage.removeItem('b24host');
  } catch (e) {
    saved = null;
  }
  var host = {
    commands: saved ? saved.commands : [],
    heights: saved ? saved.heights : [],
    installFinished: cfg.installFinished,
    titles: [],
    paths: [],
    applications: [],
    /** Sliders opened by openApplication: {sid, options, settings, open}. */
    sliders: [],
    options: {},
    /**
     * What the user picks in the user-selection dialog: set it to {id, name, …} (a SelectedUser)
     * before the app opens the dialog; left unset, the dialog stays open as when nobody picks.
     */
    selectUserAnswer: undefined
  };
  window.__b24host = host;

  /** The app layouts on the page by APP_SID: the page's own, then one per open slider. */
  var layouts = {};
  function addLayout(config, slider) {
    var layout = { cfg: config, init: config.initData, slider: slider };
    layouts[config.sid] = layout;
    return layout;
  }
  var main = addLayout(cfg, null);

  function persist() {
    try {
      window.sessionStorage.setItem('b24host', JSON.stringify({ commands: host.commands, heights: host.heights }));
    } catch (e) {
      /* storage off: the history starts again */
    }
  }

  function ajax(layout, action, params, done) {
    var body = new URLSearchParams();
    body.set('sid', layout.cfg.sid);
    body.set('action', action);
    Object.keys(params).forEach(function (key) {
      body.set(key, params[key]);
    });
    fetch(cfg.ajaxUrl, { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (response) {
        return response.json();
      })
      .then(done);
  }

  var availablePath = /^\/(crm\/(deal|lead|contact|company|type)|marketplace|company\/personal\/user\/[0-9]+|workgroups\/group\/[0-9]+)\//;

  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  /** The slider of applayout.js: the frame the portal answered, in a panel over the page. */
  function openSlider(frame, settings, done) {
    var root = el('div', 'b24-slider');
    var overlay = el('div', 'b24-slider-overlay');
    var panel = el('div', 'b24-slider-panel');
    var close = el('button', 'b24-slider-close');
    close.type = 'button';
    close.setAttribute('aria-label', 'close');
    close.textContent = '\u00d7';
    var title = el('h2', 'b24-slider-title');
    title.textContent = typeof settings.title === 'string' ? settings.title : '';
    if (typeof settings.width === 'number' && settings.width > 0) panel.style.width = settings.width + 'px';
    var box = el('div', 'app-layout');
    box.id = frame.config.layoutId;
    var iframe = el('iframe', 'app-frame');
    iframe.id = frame.config.frameId;
    iframe.name = frame.frameName;
    iframe.src = 'about:blank';
    box.appendChild(iframe);
    var form = el('form');
    form.id = frame.config.formId;
    form.method = 'POST';
    form.acceptCharset = 'UTF-8';
    form.action = frame.action;
    form.target = frame.frameName;
    frame.fields.forEach(function (field) {
      var input = el('input');
      input.type = 'hidden';
      input.name = field[0];
      input.value = field[1];
      form.appendChild(input);
    });
    var scroll = el('div', 'b24-slider-scroll');
    scroll.appendChild(title);
    scroll.appendChild(box);
    scroll.appendChild(form);
    panel.appendChild(close);
    panel.appendChild(scroll);
    root.appendChild(overlay);
    root.appendChild(panel);
    document.body.appendChild(root);
    var record = { sid: frame.config.sid, options: frame.config.initData.PLACEMENT_OPTIONS, settings: settings, open: true };
    host.sliders.push(record);
    var layout = addLayout(frame.config, { root: root, title: title, record: record, done: done });
    close.addEventListener('click', function () {
      closeSlider(layout);
    });
    overlay.addEventListener('click', function () {
      closeSlider(layout);
    });
    form.submit();
  }

  function closeSlider(layout) {
    if (!layout.slider || !layouts[layout.cfg.sid]) return;
    delete layouts[layout.cfg.sid];
    layout.slider.root.parentNode.removeChild(layout.slider.root);
    layout.slider.record.open = false;
    layout.slider.done();
  }

  function topSlider() {
    var open = host.sliders.filter(function (s) {
      return s.open;
    });
    return open.length ? layouts[open[open.length - 1].sid] : null;
  }

  window.addEventListener('keydown', function (e) {
    var top = topSlider();
    if (e.key === 'Escape' && top) closeSlider(top);
  });

  var iface = {
    getInitData: function (params, cb, layout) {
      cb(layout.init);
      layout.init.FIRST_RUN = false;
    },
    getInterface: function (params, cb) {
      var commands = Object.keys(iface).filter(function (name) {
        return name !== 'placementBindEvent';
      });
      cb({ command: commands, event: [] });
    },
    refreshAuth: function (params, cb, layout) {
      ajax(layout, 'access_refresh', {}, function (data) {
        if (!data.access_token) return;
        layout.init.AUTH_ID = data.access_token;
        layout.init.AUTH_EXPIRES = data.expires_in;
        layout.init.REFRESH_ID = data.refresh_token;
        cb({ AUTH_ID: layout.init.AUTH_ID, AUTH_EXPIRES: layout.init.AUTH_EXPIRES, REFRESH_ID: layout.init.REFRESH_ID });
      });
    },
    resizeWindow: function (params, cb, layout) {
      var box = document.getElementById(layout.cfg.layoutId);
      var width = params.width == '100%' ? params.width : (parseInt(params.width, 10) || 100) + 'px';
      var height = parseInt(params.height, 10);
      if (width) box.style.width = width;
      if (height) {
        box.style.height = height + 'px';
        host.heights.push(height);
      }
      var rect = box.getBoundingClientRect();
      cb({ width: rect.width, height: rect.height });
    },
    setTitle: function (params, cb, layout) {
      var title = layout.slider ? layout.slider.title : document.getElementById('pagetitle');
      if (title) title.textContent = params.title;
      host.titles.push(params.title);
      cb(params);
    },
    setScroll: function (params, cb) {
      if (params && typeof params.scroll !== 'undefined' && params.scroll >= 0) {
        window.scrollTo(window.scrollX, parseInt(params.scroll, 10));
      }
      cb(params);
    },
    setUserOption: function (params, cb, layout) {
      host.options['user:' + params.name] = params.value;
      ajax(layout, 'set_user_option', { name: params.name, value: params.value }, function () {});
      cb(params);
    },
    setAppOption: function (params, cb, layout) {
      if (!layout.cfg.isAdmin) return;
      host.options['app:' + params.name] = params.value;
      ajax(layout, 'set_option', { name: params.name, value: params.value }, cb);
    },
    setInstall: function (params, cb, layout) {
      ajax(layout, 'set_install', { install: params.install ? '1' : '0' }, function () {});
      cb(params);
    },
    setInstallFinish: function (params, cb, layout) {
      var v = typeof params.value == 'undefined' || params.value !== false ? 'Y' : 'N';
      ajax(layout, 'set_installed', { v: v }, function (data) {
        host.installFinished = !!data.result && v === 'Y';
        persist();
        var url = new URL(window.location.href);
        url.searchParams.set('install_finished', data.result ? 'Y' : 'N');
        window.location.href = url.toString();
      });
    },
    reloadWindow: function () {
      persist();
      window.location.reload();
    },
    openApplication: function (params, cb, layout) {
      var options = {};
      var settings = {};
      Object.keys(params && typeof params === 'object' ? params : {}).forEach(function (key) {
        if (key.indexOf('bx24_') === 0) settings[key.slice(5)] = params[key];
        else options[key] = params[key];
      });
      host.applications.push(params);
      ajax(layout, 'open_application', { options: JSON.stringify(options), lang: layout.init.LANG }, function (data) {
        if (data && data.frame) openSlider(data.frame, settings, function () {
          cb();
        });
      });
    },
    openPath: function (params, cb, layout) {
      var path = typeof params.path === 'string' ? params.path : '';
      if (path !== '' && availablePath.test(path)) {
        host.paths.push(path + (path.indexOf('?') === -1 ? '?' : '&') + 'from=rest_placement&from_app=' + layout.cfg.appCode);
        cb({ result: 'close' });
      } else {
        cb({ result: 'error', errorCode: 'PATH_NOT_AVAILABLE' });
      }
    },
    closeApplication: function (params, cb, layout) {
      if (layout.slider) closeSlider(layout);
    },
    selectUser: function (params, cb) {
      if (host.selectUserAnswer !== undefined) cb(params && params.mult ? [host.selectUserAnswer] : host.selectUserAnswer);
    },
    selectAccess: function () {},
    selectCRM: function () {},
    imCallTo: function () {},
    imPhoneTo: function () {},
    imOpenMessenger: function () {},
    imOpenHistory: function () {},
    placementBindEvent: function () {}
  };

  function split(s) {
    var r = s.split(':');
    return [r[0], r.slice(1, r.length - 2).join(':'), r[r.length - 2], r[r.length - 1]];
  }

  function knownOrigin(origin) {
    return Object.keys(layouts).some(function (sid) {
      return layouts[sid].cfg.appOrigin === origin;
    });
  }

  window.addEventListener('message', function (e) {
    if (!knownOrigin(e.origin)) return;
    if (typeof e.data !== 'string' && (typeof e.data !== 'object' || e.data === null)) return;
    var method;
    var args = [];
    var cb;
    var appSid;
    if (typeof e.data === 'object') {
      method = e.data.method;
      appSid = e.data.appSid;
      cb = e.data.callback;
      args = e.data.params ? e.data.params : [];
    } else {
      var cmd = split(e.data);
      method = cmd[0];
      cb = cmd[2];
      appSid = cmd[3];
      if (cmd[1]) args = JSON.parse(cmd[1]);
    }
    var layout = Object.prototype.hasOwnProperty.call(layouts, appSid) ? layouts[appSid] : null;
    if (!layout || layout.cfg.appOrigin !== e.origin) return;
    if (!Object.prototype.hasOwnProperty.call(iface, method)) return;
    if (method === 'placementBindEvent' && layout.cfg.placement === 'DEFAULT') return;
    host.commands.push(method);
    var reply = !cb
      ? function () {}
      : function (res) {
          var target = document.getElementById(layout.cfg.frameId);
          if (target && target.contentWindow) {
            target.contentWindow.postMessage(cb + ':' + (typeof res == 'undefined' ? '' : JSON.stringify(res)), layout.cfg.appOrigin);
          }
        };
    iface[method](args, reply, layout);
  });

  var form = document.getElementById(main.cfg.formId);
  if (form) form.submit();
})();
`;
