/**
 * Graph's own shapes for what the resolver reads (a subset of microsoft-graph-types, kept here so the
 * domain imports no SDK). Property names match Graph exactly.
 */
export interface AssignedLicense {
  skuId: string;
  disabledPlans?: string[] | null;
}

export type LicenseAssignmentStateValue = 'Active' | 'ActiveWithError' | 'Disabled' | 'Error';
export type LicenseAssignmentError =
  | 'None'
  | 'CountViolation'
  | 'MutuallyExclusiveViolation'
  | 'DependencyViolation'
  | 'ProhibitedInUsageLocationViolation'
  | 'UniquenessViolation'
  | 'Other';

export interface LicenseAssignmentState {
  skuId: string;
  /** null for a direct assignment; the group's id when inherited. */
  assignedByGroup?: string | null;
  disabledPlans?: string[] | null;
  state?: LicenseAssignmentStateValue | string | null;
  error?: LicenseAssignmentError | string | null;
  lastUpdatedDateTime?: string | null;
}

export interface AssignedPlan {
  assignedDateTime?: string | null;
  /** Enabled | Warning | Suspended | Deleted | LockedOut */
  capabilityStatus?: string | null;
  service?: string | null;
  servicePlanId: string;
}

/** The user as read with $select=id,displayName,userPrincipalName,usageLocation,assignedLicenses,licenseAssignmentStates,assignedPlans */
export interface UserLicenseState {
  id?: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
  usageLocation?: string | null;
  assignedLicenses: AssignedLicense[];
  licenseAssignmentStates?: LicenseAssignmentState[] | null;
  assignedPlans?: AssignedPlan[] | null;
}

export interface ServicePlanInfo {
  servicePlanId: string;
  servicePlanName?: string | null;
  /** Success | Disabled | Error | PendingInput | PendingActivation | PendingProvisioning */
  provisioningStatus?: string | null;
  appliesTo?: string | null;
}

export interface LicenseUnitsDetail {
  enabled: number;
  suspended?: number;
  warning?: number;
  lockedOut?: number;
}

export interface SubscribedSku {
  id?: string;
  skuId: string;
  skuPartNumber: string;
  /** Enabled | Warning | Suspended | Deleted | LockedOut */
  capabilityStatus?: string | null;
  appliesTo?: string | null;
  consumedUnits?: number;
  prepaidUnits?: LicenseUnitsDetail;
  servicePlans?: ServicePlanInfo[];
}
