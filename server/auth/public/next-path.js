/* global window, URL */
// Where to go after signing in: a same-origin path only, judged the way the browser will read it
// (WHATWG URL parsing strips tab/CR/LF and treats "\" like "/", so "/\t/evil.example" is
// "//evil.example"). Anything that resolves to another origin, or fails to parse, goes to "/".
(function (root) {
  'use strict';
  function safeNextPath(raw, origin) {
    if (typeof raw !== 'string' || raw === '' || raw.charAt(0) !== '/') return '/';
    var url;
    try {
      url = new URL(raw, origin);
    } catch {
      return '/';
    }
    if (url.origin !== new URL(origin).origin) return '/';
    var path = url.pathname + url.search + url.hash;
    // Re-check the normalised result: it must itself be a plain path, never "//host".
    return /^\/(?![/\\])/.test(path) ? path : '/';
  }
  if (typeof module === 'object' && module.exports) module.exports = { safeNextPath: safeNextPath };
  else root.safeNextPath = safeNextPath;
})(typeof window === 'undefined' ? this : window);
