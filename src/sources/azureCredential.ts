/**
 * The Entra ID credential for Azure calls. No secrets: in Azure the Function App's managed identity,
 * on a developer's machine whatever `az login` / `azd auth login` / a service principal provides.
 */
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';

export type CredentialChoice =
  | { kind: 'managed-identity'; clientId?: string }
  | { kind: 'developer'; managedIdentityClientId?: string };

/**
 * On an Azure host (App Service / Functions / Container Apps expose IDENTITY_ENDPOINT; older hosts
 * MSI_ENDPOINT) only the managed identity is used: a credential chain there would silently prefer any
 * AZURE_CLIENT_SECRET left in app settings and turns a missing role into a confusing chain-wide error.
 * Elsewhere DefaultAzureCredential covers the Azure CLI and friends; AZURE_TOKEN_CREDENTIALS=dev narrows it.
 */
export function chooseAzureCredential(env: NodeJS.ProcessEnv = process.env): CredentialChoice {
  const clientId = env.AZURE_CLIENT_ID?.trim() || undefined;
  const onAzureHost = Boolean(env.IDENTITY_ENDPOINT?.trim() || env.MSI_ENDPOINT?.trim());
  if (onAzureHost) return clientId ? { kind: 'managed-identity', clientId } : { kind: 'managed-identity' };
  return clientId ? { kind: 'developer', managedIdentityClientId: clientId } : { kind: 'developer' };
}

/** AZURE_CLIENT_ID selects a user-assigned managed identity; without it the system-assigned one is used. */
export function createAzureCredential(env: NodeJS.ProcessEnv = process.env): TokenCredential {
  const choice = chooseAzureCredential(env);
  if (choice.kind === 'managed-identity') {
    return choice.clientId ? new ManagedIdentityCredential({ clientId: choice.clientId }) : new ManagedIdentityCredential();
  }
  return choice.managedIdentityClientId
    ? new DefaultAzureCredential({ managedIdentityClientId: choice.managedIdentityClientId })
    : new DefaultAzureCredential();
}
