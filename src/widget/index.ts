/**
 * Entry of the widget bundle (/widget.js): defines <mfa-search>. Without an
 * `api` attribute the widget talks to the service that served this script.
 */
import { createWidget, OBSERVED, type Widget } from './widget.js';

const script = document.currentScript as HTMLScriptElement | null;
const scriptOrigin = script?.src ? new URL(script.src).origin : location.origin;

class MfaSearchElement extends HTMLElement {
  static observedAttributes = OBSERVED;
  #widget: Widget | undefined;
  #pending = false;

  connectedCallback() {
    this.#widget ??= createWidget(this, scriptOrigin);
    this.#widget.connect();
  }

  disconnectedCallback() {
    this.#widget?.disconnect();
  }

  attributeChangedCallback() {
    // Before connection the attributes are read at connect; later changes are batched.
    if (!this.#widget || !this.isConnected || this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      if (this.isConnected) this.#widget?.reconfigure();
    });
  }
}

if (!customElements.get('mfa-search')) customElements.define('mfa-search', MfaSearchElement);
