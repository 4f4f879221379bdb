/** Plain http is accepted only to this machine (Azurite, local receivers, tests); everything else needs https. */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
