/**
 * The overlay's CSS, injected as a <style> text node inside the shadow root. Sizes are in em from
 * `font-size: medium` (the user's default font size, not the EHR's root size, which pages often shrink),
 * so everything scales with browser zoom and font settings. Positions come from viewport rects, in px.
 */
export const HOST_STYLE =
  'all: initial !important; display: block !important; position: fixed !important; inset: 0 !important; ' +
  'pointer-events: none !important; z-index: 2147483647 !important;';

export const OVERLAY_CSS = `
.fg{font:normal medium/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111;
  position:absolute;inset:0;pointer-events:none;overflow-wrap:anywhere;text-align:left}
.fg *{box-sizing:border-box}
.fg button{font:inherit;cursor:pointer;pointer-events:auto}
.fg :focus-visible{outline:3px solid #fff;box-shadow:0 0 0 6px #0b57d0}
.fg-lock{position:absolute;z-index:1;transform:translate(-50%,-50%);width:1.75em;height:1.75em;margin:0;padding:.3em;
  border:2px solid #fff;border-radius:50%;background:#1b1b1b;color:#fff;display:grid;place-items:center;
  box-shadow:0 1px 3px rgba(0,0,0,.5)}
.fg-lock svg{width:100%;height:100%;fill:currentColor}
.fg-lock[aria-expanded=true]{background:#a50e0e}
.fg-panel,.fg-banner{pointer-events:auto;background:#fff;color:#111;border:2px solid #111;border-radius:.4em;
  box-shadow:0 .3em 1em rgba(0,0,0,.35);padding:.75em 1em;overflow:auto}
.fg-panel{position:absolute;width:max-content;max-width:min(40em,90vw);animation:fg-in .12s ease-out}
.fg-panel h2,.fg-banner h2{font-size:1.05em;font-weight:700;margin:0 0 .4em}
.fg ul{margin:0;padding:0 0 0 1.2em}
.fg li{margin:.4em 0}
.fg-fix{display:block;margin-top:.15em}
.fg-reasons li{margin:.25em 0}
.fg-more{margin:0;padding:0 .2em;border:0;background:none;color:#0b57d0;text-decoration:underline;font-size:.9em}
.fg-src{display:block;font-size:.85em;color:#444}
.fg-banner{position:absolute;bottom:.75em;right:.75em;width:max-content;padding:.35em .75em;
  max-width:min(30em,94vw);max-height:35vh;border-color:#7a4b00;background:#fff8e1;display:flex;flex-direction:column;overflow:hidden}
.fg-strip{display:flex;align-items:center;gap:.5em;flex:none}
.fg .fg-strip h2{margin:0;font-size:1em}
.fg .fg-strip .fg-dismiss{margin:0}
.fg-banner ul{overflow:auto;min-height:0;flex:0 1 auto;margin-top:.4em}
.fg-dismiss,.fg-primary{margin-top:.5em;padding:.3em .9em;border:2px solid #111;border-radius:.3em;background:#fff;color:#111}
.fg-primary{background:#0b57d0;border-color:#0b57d0;color:#fff;margin-right:.5em}
.fg-ask{margin:.5em 0 0}
.fg-forward{display:block}
.fg-note,.fg-initials{position:absolute;font-size:.8em;padding:.1em .5em;border-radius:.3em;
  background:#1b1b1b;color:#fff;white-space:nowrap;max-width:90vw;overflow:hidden;text-overflow:ellipsis}
.fg-note{transform:translate(-100%,-110%);background:#444}
.fg-initials.fg-corner{top:auto;left:auto;right:.5em;bottom:.5em}
.fg-sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);
  white-space:nowrap;border:0}
@keyframes fg-in{from{opacity:0}to{opacity:1}}
@media (prefers-reduced-motion:reduce){.fg *{animation:none!important;transition:none!important}}
@media (forced-colors:active){.fg-lock,.fg-note,.fg-initials{border:2px solid ButtonText}
  .fg :focus-visible{outline:3px solid Highlight}}
`;
