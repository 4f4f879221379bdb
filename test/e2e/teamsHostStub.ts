/**
 * A stand-in for the Teams client around the findings tab: a page on the tab's own origin that frames it
 * and answers @microsoft/teams-js over postMessage the way a Teams host does (initialize, getContext,
 * authentication.getAuthToken, and a themeChange pushed to the tab). teams-js accepts messages from its own
 * origin, so no https Teams origin is needed. Only what the tab asks for is answered; anything else is
 * recorded in `window.hostCalls`, so a test sees every call the tab made.
 */
export function teamsHostPage(options: { tabUrl: string; token: string; theme: string; subEntityId?: string }): string {
  const config = JSON.stringify({
    token: options.token,
    context: {
      theme: options.theme,
      entityId: 'findings',
      subEntityId: options.subEntityId ?? '',
      hostClientType: 'web',
      frameContext: 'content',
      hostName: 'Teams',
      locale: 'en-us',
      userPrincipalName: 'analyst@contoso.test',
    },
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teams (stub host)</title>
<style>body{margin:0;background:#1f1f1f}iframe{border:0;width:100vw;height:100vh;display:block}</style></head>
<body><iframe id="tab" src="${options.tabUrl.replace(/"/g, '&quot;')}"></iframe>
<script>
const config = ${config};
const frame = document.getElementById('tab');
window.hostCalls = [];
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow) return;
  const m = event.data;
  if (!m || typeof m.func !== 'string') return;
  window.hostCalls.push(m.func);
  const reply = (args) => frame.contentWindow.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args }, location.origin);
  if (m.func === 'initialize') reply(['content', 'web', '2.0.0']);
  else if (m.func === 'getContext') reply([config.context]);
  else if (m.func === 'authentication.getAuthToken') reply([true, config.token]);
});
window.pushTheme = (theme) => frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, location.origin);
</script></body></html>`;
}
