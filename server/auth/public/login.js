/* global document, window, fetch, URLSearchParams */
// Sign-in page: no inline script (the CSP allows 'self' scripts only). Fetches a CSRF token,
// posts the credentials as JSON with it, then goes back to where the user was headed.
(function () {
  'use strict';
  var form = document.getElementById('login');
  var message = document.getElementById('message');

  function nextPath() {
    var next = new URLSearchParams(window.location.search).get('next') || '/';
    // Same-origin paths only, after browser-style normalisation (next-path.js).
    return window.safeNextPath(next, window.location.origin);
  }

  function csrfToken() {
    return fetch('/api/auth/csrf', { credentials: 'same-origin' })
      .then(function (res) {
        return res.json();
      })
      .then(function (body) {
        return body.csrfToken;
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    message.textContent = '';
    var button = form.querySelector('button');
    button.disabled = true;
    csrfToken()
      .then(function (token) {
        return fetch('/api/auth/login', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
          body: JSON.stringify({
            name: form.elements.name.value.trim(),
            password: form.elements.password.value,
          }),
        });
      })
      .then(function (res) {
        if (res.ok) {
          window.location.assign(nextPath());
          return;
        }
        return res.json().then(function (body) {
          message.textContent = (body && body.error && body.error.message) || 'Sign-in failed';
        });
      })
      .catch(function () {
        message.textContent = 'The server could not be reached';
      })
      .finally(function () {
        button.disabled = false;
        form.elements.password.value = '';
      });
  });
})();
