/**
 * The activity types of each security category, spelled out for tests so
 * that they check the gateway's own list rather than reuse it.
 */
export const SECURITY_SETTINGS = [
  'security_settings_change',
  'app_authentication_method_change',
  'app_identity_verification_change',
  'app_google_sso_domain_change',
];

export const CATEGORIES: Record<string, string[]> = {
  SIGN_IN: [
    'admin_login_success',
    'admin_login_failure',
    'admin_unauthorized_sign_in_method',
    'admin_two_factor_auth_change',
  ],
  PERMISSIONS: [
    'admin_permission_change',
    'role_change',
    'role_creation',
    'role_deletion',
  ],
  SECURITY_SETTINGS,
  TOKEN_REVOCATION: [
    'oauth_token_revocation',
    'app_package_token_regeneration',
  ],
  DATA_EXPORT: ['app_data_export', 'bulk_export', 'conversation_pdf_export'],
  CONVERSATION_PART_DELETION: ['conversation_part_deletion'],
};

export const categoryOf = (type: string) =>
  Object.entries(CATEGORIES).find(([, types]) => types.includes(type))?.[0];
