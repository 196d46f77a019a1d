export * from './fixture';
export * from './server';
export { TenantModel, type DemoUser, type LicenseSourceState, type UserLicenseView } from './tenant';
export { mailboxUsageCsv } from './reports';
