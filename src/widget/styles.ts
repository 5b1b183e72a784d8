/**
 * The widget's styles, inside its shadow root. Site owners theme it through
 * the --mfa-* custom properties (inherited through the shadow boundary) and
 * ::part(); colours meet WCAG AA contrast in both themes. Layout follows the
 * widget's own width (container queries), not the window's.
 */

const LIGHT = `--bg:var(--mfa-color-bg,#fff);--fg:var(--mfa-color-text,#1b1f24);--muted:var(--mfa-color-muted,#545d68);--accent:var(--mfa-color-accent,#0b57d0);--on-accent:var(--mfa-color-on-accent,#fff);--line:var(--mfa-color-border,#8c959f);--soft:var(--mfa-color-surface,#f3f5f7);--active:var(--mfa-color-active,#e3ecfd);--mark:var(--mfa-color-mark,#ffe98a);--danger:var(--mfa-color-danger,#b3261e);`;

const DARK = `--bg:var(--mfa-color-bg,#16181d);--fg:var(--mfa-color-text,#e6e8eb);--muted:var(--mfa-color-muted,#aab2bc);--accent:var(--mfa-color-accent,#8ab4f8);--on-accent:var(--mfa-color-on-accent,#0b1020);--line:var(--mfa-color-border,#6b737d);--soft:var(--mfa-color-surface,#23272e);--active:var(--mfa-color-active,#24385a);--mark:var(--mfa-color-mark,#6b5800);--danger:var(--mfa-color-danger,#ffb4ab);`;

export const STYLES = `
:host{${LIGHT}display:block;container-type:inline-size;color:var(--fg);background:var(--bg);font:var(--mfa-font-size,16px)/1.45 var(--mfa-font,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif);--r:var(--mfa-radius,6px);--s:var(--mfa-space,8px);color-scheme:light}
@media (prefers-color-scheme:dark){:host(:not([theme=light])){${DARK}color-scheme:dark}}
:host([theme=dark]){${DARK}color-scheme:dark}
:host([hidden]){display:none}
*{box-sizing:border-box}
[hidden]{display:none!important}
.root{padding:var(--s)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
input,select,button{font:inherit;color:inherit}
input,select{background:var(--bg);border:1px solid var(--line);border-radius:var(--r);padding:calc(var(--s)*.75) var(--s);min-width:0}
button{cursor:pointer;background:var(--soft);border:1px solid var(--line);border-radius:var(--r);padding:calc(var(--s)*.5) var(--s)}
button:disabled{cursor:default;opacity:.55}
.bar{display:flex;flex-wrap:wrap;gap:var(--s)}
.q{flex:1 1 14rem;font-size:1.1em}
.fixed,.status,.meta,.vals label span,.none,.pagebox{color:var(--muted)}
.fixed{margin:var(--s) 0 0;font-size:.9em}
.fixed b{color:var(--fg);font-weight:600}
.layout{display:grid;grid-template-columns:minmax(0,1fr);gap:calc(var(--s)*2);margin-top:var(--s)}
.toggle{width:100%;text-align:start}
.toggle::after{content:'▾';float:right}
.open .toggle::after{content:'▴'}
.panel{display:none}
.open .panel{display:block}
@container (min-width:46rem){.layout{grid-template-columns:minmax(12rem,16rem) minmax(0,1fr)}.toggle{display:none}.panel{display:block}}
fieldset{border:0;margin:0 0 calc(var(--s)*2);padding:0;min-width:0}
legend{font-weight:600;padding:0;margin-bottom:calc(var(--s)*.5)}
.find{width:100%;margin-bottom:calc(var(--s)*.5);font-size:.9em;padding:calc(var(--s)*.5)}
.vals{list-style:none;margin:0;padding:0}
.vals label{display:flex;gap:calc(var(--s)*.75);align-items:baseline;padding:2px 0;cursor:pointer}
.vals label span{margin-inline-start:auto;font-variant-numeric:tabular-nums;font-size:.9em}
.vals input{accent-color:var(--accent);margin:0;flex:none}
.link{background:none;border:0;padding:2px 0;color:var(--accent);text-decoration:underline}
.dates{display:grid;grid-template-columns:1fr 1fr;gap:var(--s)}
.dates label{display:grid;font-size:.85em;color:var(--muted)}
.dates input{padding:calc(var(--s)*.4)}
.hist{display:flex;align-items:flex-end;gap:2px;height:4.5rem;margin:var(--s) 0 2px}
.hist button{flex:1;min-width:3px;height:calc(var(--h)*1%);min-height:3px;padding:0;border:0;border-radius:2px 2px 0 0;background:var(--line)}
.hist button[aria-pressed=true],.hist button:hover{background:var(--accent)}
.axis{display:flex;justify-content:space-between;font-size:.8em;color:var(--muted)}
.status{min-height:1.5em;margin:0 0 var(--s)}
.busy{height:3px;margin-bottom:var(--s);background:linear-gradient(90deg,transparent,var(--accent),transparent);background-size:40% 100%;background-repeat:no-repeat;animation:slide 1s linear infinite;visibility:hidden}
[aria-busy=true]+.busy,.main[aria-busy=true] .busy{visibility:visible}
@keyframes slide{from{background-position:-40% 0}to{background-position:140% 0}}
@media (prefers-reduced-motion:reduce){.busy{animation:none;background:var(--accent)}}
.results{list-style:none;margin:0;padding:0}
.results li{padding:var(--s);border-radius:var(--r);cursor:pointer;border-bottom:1px solid var(--soft)}
.results li:hover{background:var(--soft)}
.results li[aria-selected=true]{background:var(--active);outline:2px solid var(--accent)}
.title{display:block;color:var(--accent);font-weight:600;font-size:1.05em;text-decoration:underline;text-decoration-thickness:1px;text-underline-offset:2px;overflow-wrap:anywhere}
.meta{display:flex;flex-wrap:wrap;gap:calc(var(--s)*.75);align-items:center;font-size:.85em;margin:2px 0}
.badge{background:var(--soft);border:1px solid var(--line);border-radius:999px;padding:0 calc(var(--s)*.75);color:var(--fg);max-width:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.snippet{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3;overflow:hidden;overflow-wrap:anywhere}
mark{background:var(--mark);color:var(--fg);border-radius:2px;padding:0 1px}
.error{border:1px solid var(--danger);border-radius:var(--r);padding:var(--s);margin-bottom:var(--s)}
.error p{margin:0 0 var(--s);color:var(--danger)}
.pager{display:flex;flex-wrap:wrap;gap:calc(var(--s)*.5);margin-top:calc(var(--s)*1.5)}
.pager button[aria-current=page]{background:var(--accent);color:var(--on-accent);border-color:var(--accent)}
`;
