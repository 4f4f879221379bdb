/** An app setting (environment variable) that is missing or wrong; the message starts with its name and says the fix. */
export class SettingsError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'SettingsError';
  }
}
