// Shows why the last login failed; the reason comes from a fixed list, never from the URL's text.
const reasons = {
  failed: 'Wrong user name or password.',
  throttled: 'Too many failed logins. Wait a minute and try again.',
};
const why = new URLSearchParams(location.search).get('error');
if (why && reasons[why]) {
  const p = document.getElementById('login-error');
  p.textContent = reasons[why];
  p.hidden = false;
}
