import { TableClient } from '@azure/data-tables';

export type StoredEntity = Record<string, unknown> & { etag: string };
import { DefaultAzureCredential } from '@azure/identity';
import type { AppConfig } from '../config';

/** The HTTP status of an Azure SDK error (RestError), if any. */
export function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error ? (error as { statusCode?: number }).statusCode : undefined;
}

/**
 * A client for `<prefix><suffix>`: from the connection string (http allowed only for the local emulator, Azurite)
 * or the account URL with the managed identity (DefaultAzureCredential).
 */
export function tableClient(config: AppConfig['store'], suffix: string): TableClient {
  const name = `${config.tablePrefix}${suffix}`;
  if (config.connectionString) {
    const insecure = /DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true|TableEndpoint=http:\/\//i.test(config.connectionString);
    return TableClient.fromConnectionString(config.connectionString, name, { allowInsecureConnection: insecure });
  }
  if (config.accountUrl) return new TableClient(config.accountUrl, name, new DefaultAzureCredential());
  throw new Error('STORE=table needs AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL.');
}

/** The table client, with its table created if it does not exist yet (409 = it does). */
export async function openTable(config: AppConfig['store'], suffix: string): Promise<TableClient> {
  const table = tableClient(config, suffix);
  try {
    await table.createTable();
  } catch (error) {
    if (statusOf(error) !== 409) throw error;
  }
  return table;
}

/** A point read; undefined when the entity does not exist (404). */
export async function getEntityOrUndefined(table: TableClient, partitionKey: string, rowKey: string): Promise<StoredEntity | undefined> {
  try {
    return (await table.getEntity(partitionKey, rowKey)) as unknown as StoredEntity;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}
