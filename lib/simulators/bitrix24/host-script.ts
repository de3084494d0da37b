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
 *   openApplication answers when its (simulated) slider closes, i.e. at once; closeApplication,
 *   reloadWindow, the dialogs and the im* commands are recorded and not answered, except
 *   selectUser, which answers `window.__b24host.selectUserAnswer` when a test has set it.
 * Everything is recorded in `window.__b24host` ({commands, heights, installFinished, titles,
 * paths, applications, options}); commands and heights survive the page's own reloads.
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
    options: {},
    /**
     * What the user picks in the user-selection dialog: set it to {id, name, …} (a SelectedUser)
     * before the app opens the dialog; left unset, the dialog stays open as when nobody picks.
     */
    selectUserAnswer: undefined
  };
  window.__b24host = host;
  var init = cfg.initData;

  function persist() {
    try {
      window.sessionStorage.setItem('b24host', JSON.stringify({ commands: host.commands, heights: host.heights }));
    } catch (e) {
      /* storage off: the history starts again */
    }
  }

  function ajax(action, params, done) {
    var body = new URLSearchParams();
    body.set('sid', cfg.sid);
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

  function frame() {
    return document.getElementById(cfg.frameId);
  }

  var availablePath = /^\/(crm\/(deal|lead|contact|company|type)|marketplace|company\/personal\/user\/[0-9]+|workgroups\/group\/[0-9]+)\//;

  var iface = {
    getInitData: function (params, cb) {
      cb(init);
      init.FIRST_RUN = false;
    },
    getInterface: function (params, cb) {
      var commands = Object.keys(iface).filter(function (name) {
        return name !== 'placementBindEvent';
      });
      cb({ command: commands, event: [] });
    },
    refreshAuth: function (params, cb) {
      ajax('access_refresh', {}, function (data) {
        if (!data.access_token) return;
        init.AUTH_ID = data.access_token;
        init.AUTH_EXPIRES = data.expires_in;
        init.REFRESH_ID = data.refresh_token;
        cb({ AUTH_ID: init.AUTH_ID, AUTH_EXPIRES: init.AUTH_EXPIRES, REFRESH_ID: init.REFRESH_ID });
      });
    },
    resizeWindow: function (params, cb) {
      var layout = document.getElementById(cfg.layoutId);
      var width = params.width == '100%' ? params.width : (parseInt(params.width, 10) || 100) + 'px';
      var height = parseInt(params.height, 10);
      if (width) layout.style.width = width;
      if (height) {
        layout.style.height = height + 'px';
        host.heights.push(height);
      }
      var box = layout.getBoundingClientRect();
      cb({ width: box.width, height: box.height });
    },
    setTitle: function (params, cb) {
      var title = document.getElementById('pagetitle');
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
    setUserOption: function (params, cb) {
      host.options['user:' + params.name] = params.value;
      ajax('set_user_option', { name: params.name, value: params.value }, function () {});
      cb(params);
    },
    setAppOption: function (params, cb) {
      if (!cfg.isAdmin) return;
      host.options['app:' + params.name] = params.value;
      ajax('set_option', { name: params.name, value: params.value }, cb);
    },
    setInstall: function (params, cb) {
      ajax('set_install', { install: params.install ? '1' : '0' }, function () {});
      cb(params);
    },
    setInstallFinish: function (params) {
      var v = typeof params.value == 'undefined' || params.value !== false ? 'Y' : 'N';
      ajax('set_installed', { v: v }, function (data) {
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
    openApplication: function (params, cb) {
      host.applications.push(params);
      cb();
    },
    openPath: function (params, cb) {
      var path = typeof params.path === 'string' ? params.path : '';
      if (path !== '' && availablePath.test(path)) {
        host.paths.push(path + (path.indexOf('?') === -1 ? '?' : '&') + 'from=rest_placement&from_app=' + cfg.appCode);
        cb({ result: 'close' });
      } else {
        cb({ result: 'error', errorCode: 'PATH_NOT_AVAILABLE' });
      }
    },
    closeApplication: function () {},
    selectUser: function (params, cb) {
      if (host.selectUserAnswer !== undefined) cb(params && params.mult ? [host.selectUserAnswer] : host.selectUserAnswer);
    },
    selectAccess: function () {},
    selectCRM: function () {},
    imCallTo: function () {},
    imPhoneTo: function () {},
    imOpenMessenger: function () {},
    imOpenHistory: function () {}
  };
  if (cfg.placement !== 'DEFAULT') {
    iface.placementBindEvent = function () {};
  }

  function split(s) {
    var r = s.split(':');
    return [r[0], r.slice(1, r.length - 2).join(':'), r[r.length - 2], r[r.length - 1]];
  }

  window.addEventListener('message', function (e) {
    if (e.origin !== cfg.appOrigin) return;
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
    if (appSid != cfg.sid) return;
    if (!Object.prototype.hasOwnProperty.call(iface, method)) return;
    host.commands.push(method);
    var reply = !cb
      ? function () {}
      : function (res) {
          var target = frame();
          if (target && target.contentWindow) {
            target.contentWindow.postMessage(cb + ':' + (typeof res == 'undefined' ? '' : JSON.stringify(res)), cfg.appOrigin);
          }
        };
    iface[method](args, reply);
  });

  var form = document.getElementById(cfg.formId);
  if (form) form.submit();
})();
`;
