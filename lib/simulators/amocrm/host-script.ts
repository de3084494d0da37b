/**
 * The account pages' script (runs in the browser, after RequireJS): it drives our widget the way
 * amoCRM's frontend does (reference §1.4–1.6).
 * - `window.AMOCRM` (also `APP`): `lang_id`, `data` (`current_card = {id, entity}` on cards, id 0 for
 *   a new card; `current_entity`, `is_card`), `constant('account' | 'user' | 'managers')`;
 * - the AMD module `lib/components/base/modal`: `new Modal({class_name, init($modal_body), destroy})`
 *   puts an overlay and a body in the page and calls init with the body as a jQuery object; the body
 *   shows on `modal:loaded`, `modal:centrify` is accepted, `.modal-body__close`, a click on the
 *   overlay, Escape or `modal:close` destroy it (and call the destroy option);
 * - RequireJS loads jQuery (`jquery`) and the widget's script.js (`/upl/<code>/widget/script`);
 *   amoCRM's system methods go into the constructor's prototype before it is called: `system()`,
 *   `i18n(key)` and `langs` (the page language's i18n file), `get_settings()` / `set_settings()`,
 *   `get_version()`, `params`, `render_template({caption: {class_name, html}, body, render})` (the
 *   widget's block in the right column: `.card-widgets__widget-<code>`, caption then body + render),
 *   `list_selected()` (`{selected: [{id, type, name, phones, emails}], summary: {items}}` of the
 *   ticked rows), `$authorizedAjax(options)` (a disposable token for the page's user from the host,
 *   then `$.ajax` with `X-Auth-Token`; a jQuery promise);
 * - then `callbacks.render`, and when it returned true `init` and `bind_actions` (amoCRM's order:
 *   render first, init right after it, together with bind_actions); on the advanced settings page
 *   then `advancedSettings`; on a list the actions menu's widget item calls
 *   `callbacks.<contacts|leads>.selected`.
 * `window.__amohost` records for tests: `ready` (the callbacks ran), `errors` (uncaught errors,
 * rejected promises, RequireJS failures, CSP violations, exceptions from callbacks), `callbacks`
 * (the names called, in order), `heights` (each new px height of an iframe in the page),
 * `modals` (opened so far), `openModals` (open now) and `tokens` (disposable tokens fetched).
 */
export const HOST_SCRIPT = String.raw`(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('amohost-config').textContent);
  var host = { ready: false, errors: [], callbacks: [], heights: [], modals: 0, openModals: 0, tokens: 0 };
  window.__amohost = host;

  function text(error) {
    return error && error.message ? error.message : String(error);
  }
  function fail(where, error) {
    host.errors.push(where + ': ' + text(error));
  }
  window.addEventListener('error', function (event) {
    fail('error', event.error || event.message);
  });
  window.addEventListener('unhandledrejection', function (event) {
    fail('unhandledrejection', event.reason);
  });
  document.addEventListener('securitypolicyviolation', function (event) {
    fail('csp', event.effectiveDirective + ' ' + (event.blockedURI || 'inline'));
  });

  window.AMOCRM = window.APP = {
    lang_id: cfg.lang,
    data: cfg.data,
    constant: function (name) {
      return cfg.constants[name];
    }
  };

  /* Heights: every new px height of an iframe (the widget sizes its frame by style.height). */
  var frames = [];
  function noteHeights() {
    var list = document.querySelectorAll('iframe');
    for (var i = 0; i < list.length; i += 1) {
      var match = /^(\d+(?:\.\d+)?)px$/.exec(list[i].style.height);
      if (!match) continue;
      var height = Number(match[1]);
      var known = null;
      for (var j = 0; j < frames.length; j += 1) if (frames[j].frame === list[i]) known = frames[j];
      if (!known) frames.push({ frame: list[i], height: height });
      else if (known.height === height) continue;
      else known.height = height;
      host.heights.push(height);
    }
  }
  new MutationObserver(noteHeights).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['style']
  });

  /* The list's checkboxes and actions menu. */
  var checks = document.querySelectorAll('.amo-row-check');
  var all = document.getElementById('amo-check-all');
  var count = document.getElementById('amo-selected-count');
  function selection() {
    var selected = [];
    for (var i = 0; i < checks.length; i += 1) {
      var row = cfg.rows && cfg.rows[checks[i].value];
      if (checks[i].checked && row) selected.push(row);
    }
    return { selected: selected, summary: { items: selected.length } };
  }
  function recount() {
    if (count) count.textContent = String(selection().selected.length);
  }
  for (var c = 0; c < checks.length; c += 1) checks[c].addEventListener('change', recount);
  if (all) {
    all.addEventListener('change', function () {
      for (var i = 0; i < checks.length; i += 1) checks[i].checked = all.checked;
      recount();
    });
  }
  var more = document.getElementById('amo-actions-more');
  var menu = document.getElementById('amo-actions-menu');
  if (more && menu) {
    more.addEventListener('click', function () {
      menu.hidden = !menu.hidden;
    });
  }

  requirejs.onError = function (error) {
    fail('requirejs', (error.requireType || '') + ' ' + (error.requireModules || []).join(',') + ' ' + text(error));
  };
  requirejs.config({ paths: cfg.paths, waitSeconds: 20 });

  var stack = [];
  define('lib/components/base/modal', ['jquery'], function ($) {
    function Modal(options) {
      var self = this;
      this.options = options || {};
      this.destroyed = false;
      this.$modal = $('<div class="modal"><div class="modal-overlay"></div><div class="modal-scroller"><div class="modal-body"></div></div></div>');
      if (this.options.class_name) this.$modal.addClass(this.options.class_name);
      this.$modal_body = this.$modal.find('.modal-body');
      this.$modal_body
        .on('modal:loaded', function () {
          self.$modal.addClass('modal_loaded');
        })
        .on('modal:centrify', function () {
          self.$modal.addClass('modal_centrified');
        })
        .on('modal:close', function () {
          self.destroy();
        });
      this.$modal.on('click', '.modal-body__close', function (event) {
        event.preventDefault();
        self.destroy();
      });
      this.$modal.on('click', '.modal-overlay', function () {
        if (!self.options.disable_overlay_click) self.destroy();
      });
      $(document.body).append(this.$modal);
      stack.push(this);
      host.modals += 1;
      host.openModals += 1;
      if (typeof this.options.init === 'function') {
        try {
          this.options.init.call(this, this.$modal_body);
        } catch (error) {
          fail('modal init', error);
        }
      }
    }
    Modal.prototype.destroy = function () {
      if (this.destroyed) return;
      this.destroyed = true;
      this.$modal.remove();
      stack.splice(stack.indexOf(this), 1);
      host.openModals -= 1;
      if (typeof this.options.destroy === 'function') this.options.destroy.call(this);
    };
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && stack.length) stack[stack.length - 1].destroy();
    });
    return Modal;
  });

  function lookup(tree, key) {
    var node = tree;
    var parts = String(key).split('.');
    for (var i = 0; i < parts.length; i += 1) node = node && typeof node === 'object' ? node[parts[i]] : undefined;
    return node;
  }

  function renderTemplate($, params) {
    var column = document.getElementById('amo-widgets');
    if (!column) return;
    var block = column.querySelector('.card-widgets__widget-' + cfg.code);
    if (!block) {
      block = document.createElement('div');
      block.className = 'card-widgets__widget card-widgets__widget-' + cfg.code;
      block.setAttribute('data-code', cfg.code);
      column.appendChild(block);
    }
    var caption = params.caption || {};
    var head = document.createElement('div');
    head.className = 'card-widgets__widget__caption ' + (caption.class_name || '');
    var body = document.createElement('div');
    body.className = 'card-widgets__widget__body';
    block.innerHTML = '';
    block.appendChild(head);
    block.appendChild(body);
    $(head).html(caption.html || '');
    $(body).html((params.body || '') + (params.render || ''));
  }

  function authorizedAjax($, options) {
    var result = $.Deferred();
    var headers = {};
    headers[cfg.sessionHeader] = cfg.sid;
    $.ajax({ url: cfg.tokenUrl, method: 'POST', dataType: 'json', headers: headers })
      .done(function (answer) {
        host.tokens += 1;
        var settings = $.extend({}, options);
        settings.headers = $.extend({}, options.headers, { 'X-Auth-Token': answer.token });
        $.ajax(settings)
          .done(function (data, status, xhr) {
            result.resolve(data, status, xhr);
          })
          .fail(function (xhr, status, error) {
            result.reject(xhr, status, error);
          });
      })
      .fail(function (xhr, status, error) {
        fail('disposable token', status + ' ' + (xhr && xhr.status));
        result.reject(xhr, status, error);
      });
    return result.promise();
  }

  function start($, Widget) {
    if (typeof Widget !== 'function') {
      fail('widget', 'script.js did not return a constructor');
      return;
    }
    var settings = $.extend({}, cfg.settings);
    var proto = Widget.prototype;
    proto.system = function () {
      return $.extend({}, cfg.system);
    };
    proto.langs = cfg.i18n;
    proto.i18n = function (key) {
      return lookup(cfg.i18n, key);
    };
    proto.get_settings = function () {
      return settings;
    };
    proto.set_settings = function (values) {
      $.extend(settings, values);
    };
    proto.get_version = function () {
      return settings.version;
    };
    proto.params = settings;
    proto.render_template = function (params) {
      renderTemplate($, params || {});
    };
    proto.list_selected = selection;
    proto.$authorizedAjax = function (options) {
      return authorizedAjax($, options || {});
    };
    var widget = new Widget();
    var callbacks = (widget && widget.callbacks) || {};
    function run(group, name, label) {
      host.callbacks.push(label);
      if (!group || typeof group[name] !== 'function') return undefined;
      try {
        return group[name].call(widget);
      } catch (error) {
        fail(label, error);
        return undefined;
      }
    }
    if (run(callbacks, 'render', 'render') === true) {
      run(callbacks, 'init', 'init');
      run(callbacks, 'bind_actions', 'bind_actions');
    } else {
      fail('render', 'did not return true, so amoCRM goes no further');
    }
    if (cfg.area === 'advanced_settings') run(callbacks, 'advancedSettings', 'advancedSettings');
    var action = document.getElementById('amo-widget-action');
    if (action && cfg.entity) {
      action.addEventListener('click', function () {
        if (menu) menu.hidden = true;
        run(callbacks[cfg.entity], 'selected', cfg.entity + '.selected');
      });
    }
  }

  require(['jquery', 'lib/components/base/modal', cfg.widgetModule], function ($, Modal, Widget) {
    try {
      start($, Widget);
    } catch (error) {
      fail('host', error);
    }
    host.ready = true;
  });
})();
`;
