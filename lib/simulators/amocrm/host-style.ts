/**
 * The account pages' CSS: plain amoCRM look-alikes (ui-look.md §2: PT Sans or Arial, 13–14 px text,
 * small radii, white panels on a light grey page, a dark left menu), not amoCRM's own stylesheet.
 *
 * Geometry a test can rely on: the left menu is 64 px wide and the content has 16 px padding; in a
 * card the fields panel is 240 px wide, 16 px from the right column, whose width is the page's
 * `width` exactly (the widget block has no side border or padding, so an iframe at 100% is as wide
 * as the column). A card with a W px column therefore fits a window of W + 352 px.
 */

export const CARD_CHROME_PX = 64 + 16 + 240 + 16 + 16;

export const HOST_STYLE = `
  * { box-sizing: border-box; }
  html, body { margin: 0; }
  body { display: flex; min-height: 100vh; background: #f2f3f5; color: #313942;
    -webkit-font-smoothing: antialiased; font: 14px/1.4 "PT Sans", Arial, sans-serif; }
  a { color: #1375ab; text-decoration: none; }
  a:hover { text-decoration: underline; }
  .amo-nav { flex: 0 0 64px; width: 64px; background: #1f2d3d; padding-top: 12px;
    display: flex; flex-direction: column; align-items: center; gap: 6px; }
  .amo-nav__item { display: block; width: 60px; padding: 8px 2px; border-radius: 3px; color: #c6ced7;
    font-size: 10px; text-align: center; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .amo-nav__item:hover { background: #2c3e50; color: #fff; text-decoration: none; }
  .amo-main { flex: 1 0 auto; padding: 16px; min-width: 0; }
  .amo-title { margin: 0 0 12px; font-size: 20px; font-weight: 400; }
  .amo-message { background: #fff; border-radius: 3px; padding: 24px; box-shadow: 0 0 0 1px #e2e6ea; }
  .amo-card { display: flex; gap: 16px; align-items: flex-start; }
  .amo-fields { flex: 0 0 240px; width: 240px; background: #fff; border-radius: 3px;
    box-shadow: 0 0 0 1px #e2e6ea; overflow-wrap: anywhere; }
  .amo-fields__head { background: #2c3e50; color: #fff; padding: 14px 16px; border-radius: 3px 3px 0 0; }
  .amo-fields__kind { font-size: 12px; color: #a9b6c3; }
  .amo-fields__name { margin: 2px 0 0; font-size: 18px; font-weight: 700; }
  .amo-field { padding: 8px 16px; border-bottom: 1px solid #eef0f2; }
  .amo-field:last-child { border-bottom: 0; }
  .amo-field__label { font-size: 12px; color: #8591a5; }
  .amo-widgets { flex: 0 0 auto; width: 300px; }
  .card-widgets__widget { background: #fff; border-radius: 3px; box-shadow: 0 0 0 1px #e2e6ea;
    margin-bottom: 12px; overflow: hidden; }
  .card-widgets__widget__caption { display: flex; align-items: center; min-height: 38px; padding: 0 12px;
    font-size: 13px; font-weight: 700; border-bottom: 1px solid #eef0f2; }
  .card-widgets__widget__body { padding: 0; }
  .amo-list-head { display: flex; align-items: center; gap: 12px; margin-bottom: 12px; }
  .amo-list-head .amo-title { margin: 0; }
  .amo-count { color: #8591a5; }
  .amo-actions { position: relative; }
  .amo-button { height: 34px; padding: 0 14px; border: 1px solid #d4d9de; border-radius: 3px; background: #fff;
    color: #313942; font: inherit; font-size: 13px; cursor: pointer; box-shadow: 0 1px 0 0 rgba(0, 0, 0, .08); }
  .amo-button:hover { border-color: #b9c1c9; }
  .amo-actions__menu { position: absolute; top: 100%; left: 0; z-index: 10; min-width: 200px; margin: 4px 0 0;
    padding: 4px 0; list-style: none; background: #fff; border-radius: 3px; box-shadow: 0 2px 10px rgba(0, 0, 0, .2); }
  .amo-actions__menu[hidden] { display: none; }
  .amo-actions__item { display: block; width: 100%; padding: 8px 14px; border: 0; background: none;
    color: #313942; font: inherit; font-size: 13px; text-align: left; cursor: pointer; }
  .amo-actions__item:hover { background: #f2f3f5; }
  .amo-table { width: 100%; border-collapse: collapse; background: #fff; border-radius: 3px;
    box-shadow: 0 0 0 1px #e2e6ea; }
  .amo-table th, .amo-table td { padding: 9px 12px; border-bottom: 1px solid #eef0f2; text-align: left;
    vertical-align: top; font-size: 13px; }
  .amo-table th { color: #8591a5; font-weight: 400; }
  .amo-table__check { width: 36px; }
  .amo-work-area { background: #fff; border-radius: 3px; box-shadow: 0 0 0 1px #e2e6ea; min-height: 120px; }
  .modal { position: fixed; inset: 0; z-index: 100; display: none; }
  .modal.modal_loaded { display: block; }
  .modal-overlay { position: absolute; inset: 0; background: rgba(44, 62, 80, .6); }
  .modal-scroller { position: absolute; inset: 0; overflow: auto; display: flex; align-items: center;
    justify-content: center; padding: 8px; pointer-events: none; }
  .modal-body { position: relative; max-width: 100%; padding: 28px 12px 12px; background: #fff; border-radius: 3px;
    box-shadow: 0 4px 24px rgba(0, 0, 0, .3); pointer-events: auto; }
  .modal-body__close { position: absolute; top: 4px; right: 6px; width: 24px; height: 24px; cursor: pointer;
    text-align: center; line-height: 24px; color: #8591a5; }
  .icon-modal-close::before { content: "\\00d7"; font-size: 22px; }
`;
