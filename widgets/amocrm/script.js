/*
 * Lime ↔ amoCRM widget. amoCRM loads this file as is: ES5 only (no arrow functions, no let/const,
 * no classes), an AMD module whose export is a function constructor (amoCRM injects its system
 * methods into the prototype, so an ES class would break it).
 *
 * `__API_URL__` is replaced by `npm run widget:build` with APP_URL (no trailing slash).
 */
// biome-ignore-all lint/complexity/useArrowFunction: ES5, amoCRM loads this file untranspiled
// biome-ignore-all lint/style/useTemplate: ES5, no template literals
// biome-ignore-all lint/complexity/useOptionalChain: ES5, no optional chaining
// biome-ignore-all lint/suspicious/noRedundantUseStrict: amoCRM evaluates this file as a script, not a module
define(['jquery', 'lib/components/base/modal'], function ($, Modal) {
  'use strict';

  var API = '__API_URL__';
  var API_ORIGIN = (function (url) {
    var match = /^(https?:\/\/[^/?#]+)/i.exec(url);
    return match ? match[1] : '';
  })(API);
  var HEIGHT_MESSAGE = 'lime-bridge:height';
  var MODAL_MESSAGE = 'lime-bridge:open-modal';
  var MODAL_CLOSED = 'lime-bridge:modal-closed';
  var MIN_HEIGHT = 40;
  // A guard against a runaway height, not a layout limit: the advanced settings page, with every
  // section open (flows, halls, bonuses, mailings, journals), runs past 5000 px at 1280 px.
  var MAX_HEIGHT = 20000;

  function amocrm() {
    return typeof AMOCRM !== 'undefined' ? AMOCRM : null;
  }

  /** The user's interface language: amoCRM's `AMOCRM.lang_id`; Russian for amocrm.ru unless told. */
  function userLang() {
    var amo = amocrm();
    var lang = amo && typeof amo.lang_id === 'string' ? amo.lang_id : '';
    if (!lang && amo && typeof amo.lang === 'string') {
      lang = amo.lang;
    }
    lang = lang.toLowerCase().slice(0, 2);
    return lang === '' || lang === 'ru' ? 'ru' : 'en';
  }

  function withLang(path) {
    if (/[?&]lang=/.test(path)) {
      return path;
    }
    return path + (path.indexOf('?') === -1 ? '?' : '&') + 'lang=' + userLang();
  }

  /** Only our own pages: a path on API, never another host (`//host`) or a scheme. */
  function isOwnPath(path) {
    return (
      typeof path === 'string' && path.charAt(0) === '/' && path.charAt(1) !== '/' && !/[\s\\#]/.test(path)
    );
  }

  function frameUrl(path, token) {
    return API + withLang(path) + '#token=' + encodeURIComponent(token);
  }

  function makeFrame(src, height) {
    var frame = document.createElement('iframe');
    frame.setAttribute('src', src);
    frame.setAttribute('scrolling', 'no');
    frame.setAttribute('frameborder', '0');
    frame.setAttribute('class', 'lime-frame');
    frame.style.width = '100%';
    frame.style.height = height;
    frame.style.border = '0';
    frame.style.display = 'block';
    return frame;
  }

  function cardId() {
    var amo = amocrm();
    var card = amo && amo.data && amo.data.current_card;
    var id = card ? Number(card.id) : 0;
    return id > 0 && Math.floor(id) === id ? id : 0;
  }

  var CustomWidget = function () {
    var self = this;
    var state = { generation: 0, frame: null, modalFrame: null, token: null, listener: null };

    function text(key) {
      var ui = self.i18n('ui');
      return (ui && ui[key]) || key;
    }

    function showMessage(root, key) {
      if (!root) {
        return;
      }
      root.innerHTML = '';
      var note = document.createElement('div');
      note.setAttribute('class', key === 'error' ? 'lime-error' : 'lime-note');
      note.textContent = text(key);
      root.appendChild(note);
    }

    /** POST /api/amocrm/embed-session with amoCRM's disposable X-Auth-Token; answers `{token, pageUrl}`. */
    function embedSession(body, onSuccess, onError) {
      var generation = state.generation;
      var settled = false;
      function fail() {
        if (!settled && generation === state.generation) {
          settled = true;
          onError();
        }
      }
      var payload = { lang: userLang() };
      var key;
      for (key in body) {
        if (Object.hasOwn(body, key)) {
          payload[key] = body[key];
        }
      }
      var request = self.$authorizedAjax({
        url: API + '/api/amocrm/embed-session',
        method: 'POST',
        contentType: 'application/json',
        dataType: 'json',
        data: JSON.stringify(payload),
      });
      request
        .done(function (answer) {
          if (settled || generation !== state.generation) {
            return;
          }
          var data = answer;
          if (typeof data === 'string') {
            try {
              data = JSON.parse(data);
            } catch (_e) {
              data = null;
            }
          }
          if (!data || typeof data.token !== 'string' || data.token === '') {
            fail();
            return;
          }
          if (data.pageUrl !== undefined && !isOwnPath(data.pageUrl)) {
            fail();
            return;
          }
          settled = true;
          onSuccess(data.token, data.pageUrl);
        })
        .fail(fail);
    }

    function openModal(build) {
      return new Modal({
        class_name: 'lime-modal',
        init: function ($modal_body) {
          var container = document.createElement('div');
          container.setAttribute('class', 'lime-modal__body');
          container.style.width = '90vw';
          container.style.maxWidth = '1200px';
          build(container);
          $modal_body
            .trigger('modal:loaded')
            .html('')
            .append(container)
            .append('<span class="modal-body__close"><span class="icon icon-modal-close"></span></span>')
            .trigger('modal:centrify');
        },
        destroy: function () {},
      });
    }

    /**
     * Our page in an amoCRM modal: the frame as tall as its content; past 85% of the window the modal
     * scrolls. When it closes, the card's frame that asked for it (if any) is told, to read again.
     */
    function openFrameModal(path, token, opener) {
      return new Modal({
        class_name: 'lime-modal',
        init: function ($modal_body) {
          var container = document.createElement('div');
          var frame = makeFrame(frameUrl(path, token), '200px');
          container.setAttribute('class', 'lime-modal__body');
          container.style.width = '90vw';
          container.style.maxWidth = '1200px';
          container.style.maxHeight = '85vh';
          container.style.overflowY = 'auto';
          container.appendChild(frame);
          state.modalFrame = frame;
          listen();
          $modal_body
            .trigger('modal:loaded')
            .html('')
            .append(container)
            .append('<span class="modal-body__close"><span class="icon icon-modal-close"></span></span>')
            .trigger('modal:centrify');
        },
        destroy: function () {
          state.modalFrame = null;
          if (opener && opener === state.frame && opener.contentWindow) {
            opener.contentWindow.postMessage({ type: MODAL_CLOSED }, API_ORIGIN);
          }
        },
      });
    }

    function stopListening() {
      if (state.listener) {
        window.removeEventListener('message', state.listener, false);
        state.listener = null;
      }
    }

    /** Messages from our page: only from API's origin and from the very frame we made. */
    function listen() {
      stopListening();
      state.listener = function (event) {
        var card = state.frame;
        var modal = state.modalFrame;
        var frame = null;
        var data = event.data;
        var height;
        if (event.origin !== API_ORIGIN) {
          return;
        }
        if (card && event.source === card.contentWindow) {
          frame = card;
        } else if (modal && event.source === modal.contentWindow) {
          frame = modal;
        }
        if (!frame || !data || typeof data !== 'object') {
          return;
        }
        if (data.type === HEIGHT_MESSAGE) {
          height = Number(data.height);
          if (height > 0 && height < Infinity) {
            height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height)));
            frame.style.height = height + 'px';
          }
        } else if (data.type === MODAL_MESSAGE && frame === card) {
          if (isOwnPath(data.path) && data.path.indexOf('/amocrm/') === 0 && state.token) {
            openFrameModal(data.path, state.token, card);
          }
        }
      };
      window.addEventListener('message', state.listener, false);
    }

    /** Mount our page into `root`: embed session, then a full-width iframe sized by its messages. */
    function mount(root, body, defaultPath) {
      state.generation += 1;
      state.frame = null;
      state.token = null;
      stopListening();
      if (!root) {
        return;
      }
      function show(token, pageUrl) {
        var frame = makeFrame(frameUrl(pageUrl || defaultPath, token), '200px');
        root.innerHTML = '';
        root.appendChild(frame);
        state.frame = frame;
        state.token = token;
        listen();
      }
      function showError() {
        showMessage(root, 'error');
      }
      showMessage(root, 'loading');
      embedSession(body, show, showError);
    }

    function openSelection(entity) {
      var selected = self.list_selected();
      var rows = (selected && selected.selected) || [];
      var ids = [];
      var i;
      var id;
      for (i = 0; i < rows.length; i += 1) {
        id = Number(rows[i] && rows[i].id);
        if (id > 0 && Math.floor(id) === id) {
          ids.push(id);
        }
      }
      if (ids.length === 0) {
        openModal(function (container) {
          showMessage(container, 'nothing_selected');
        });
        return;
      }
      function show(token, pageUrl) {
        openFrameModal(pageUrl || '/amocrm/selection?entity=' + entity + '&ids=' + ids.join(','), token);
      }
      function showError() {
        openModal(function (container) {
          showMessage(container, 'error');
        });
      }
      embedSession({ entity: entity, ids: ids }, show, showError);
    }

    function findRoot(scope) {
      var found = scope ? $(scope).find('.lime-root') : $('.lime-root');
      return found && found.length ? found.get(found.length - 1) : null;
    }

    this.callbacks = {
      render: function () {
        var area = self.system().area;
        var id = cardId();
        var entity = area === 'lcard' ? 'leads' : 'contacts';
        var page = area === 'lcard' ? '/amocrm/lead' : '/amocrm/contact';
        if ((area !== 'lcard' && area !== 'ccard') || id === 0) {
          return true;
        }
        self.render_template({
          caption: { class_name: 'lime-caption', html: self.i18n('widget').name },
          body: '',
          render: '<div class="lime-root"></div>',
        });
        mount(findRoot(), { entity: entity, id: id }, page);
        return true;
      },
      init: function () {
        return true;
      },
      bind_actions: function () {
        return true;
      },
      settings: function ($modal_body) {
        var hint;
        if ($modal_body && typeof $modal_body.find === 'function') {
          hint = document.createElement('div');
          hint.setAttribute('class', 'lime-note');
          hint.textContent = text('settings_hint');
          $modal_body.find('.widget_settings_block__descr').first().after(hint);
        }
        return true;
      },
      onSave: function () {
        return true;
      },
      destroy: function () {
        state.generation += 1;
        stopListening();
        state.frame = null;
        state.token = null;
      },
      advancedSettings: function () {
        var code = self.get_settings().widget_code;
        var page = $('#work-area-' + code);
        if (!page || !page.length) {
          return true;
        }
        var root = document.createElement('div');
        root.setAttribute('class', 'lime-root lime-root_settings');
        page.get(0).innerHTML = '';
        page.get(0).appendChild(root);
        mount(root, { entity: 'settings' }, '/amocrm/settings');
        return true;
      },
      leads: {
        selected: function () {
          openSelection('leads');
        },
      },
      contacts: {
        selected: function () {
          openSelection('contacts');
        },
      },
    };
    return this;
  };

  return CustomWidget;
});
