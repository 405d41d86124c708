/**
 * Vocabulary for the generated workspaces: what a support team's tags,
 * teams and conversations plausibly contain. Faker supplies the people and
 * companies; these lists supply the support domain it does not know.
 */

export const TEAM_NAMES = [
  'Support',
  'Billing',
  'Sales',
  'Onboarding',
  'Escalations',
  'Customer Success',
  'Technical Support',
  'Enterprise Accounts',
  'Trust & Safety',
] as const;

export const TAG_NAMES = [
  'VIP',
  'Bug',
  'Feature request',
  'Billing',
  'Refund',
  'Churn risk',
  'GDPR request',
  'Onboarding',
  'Enterprise',
  'Trial',
  'Beta tester',
  'Priority support',
  'Invoice',
  'Integration',
  'Mobile app',
  'API',
  'Security',
  'Partner',
  'Feedback',
  'Escalated',
  'Data export',
  'SSO',
] as const;

export const JOB_TITLES = [
  'Support Engineer',
  'Customer Success Manager',
  'Support Team Lead',
  'Account Executive',
  'Head of Support',
  'Technical Account Manager',
  'Billing Specialist',
] as const;

export const PLANS = ['free', 'starter', 'pro', 'enterprise'] as const;

export const COMPANY_PLANS = [
  ['plan_1001', 'Starter'],
  ['plan_1002', 'Growth'],
  ['plan_1003', 'Pro'],
  ['plan_1004', 'Enterprise'],
] as const;

export const INDUSTRIES = [
  'Software',
  'Retail',
  'Financial Services',
  'Healthcare',
  'Education',
  'Logistics',
  'Media',
  'Manufacturing',
  'Travel',
] as const;

export const SIGNUP_SOURCES = [
  'website',
  'referral',
  'paid_search',
  'partner',
  'mobile_app',
] as const;

export const BROWSERS = [
  ['chrome', '126.0.6478.127'],
  ['firefox', '128.0'],
  ['safari', '17.5'],
  ['edge', '126.0.2592.87'],
] as const;

export const OPERATING_SYSTEMS = [
  'OS X 14.5',
  'Windows 11',
  'Windows 10',
  'Linux',
  'iOS 17.5',
  'Android 14',
] as const;

/** Opening messages from customers: [subject, body]. */
export const CUSTOMER_MESSAGES = [
  ['Charged twice', 'I was charged twice for my subscription this month.'],
  ['CSV export', 'How do I export all of my data to a CSV file?'],
  ['App crash', 'The mobile app crashes every time I open the settings.'],
  ['More seats', 'Can we add five more seats to our account?'],
  ['SSO broken', 'Our single sign-on stopped working this morning.'],
  ['Invoice copy', "Where can I download last month's invoice?"],
  ['Bulk updates', 'Is there an API endpoint for bulk updates?'],
  ['Delete my data', 'Please delete my account and all my personal data.'],
  ['Slow dashboard', 'The dashboard takes over a minute to load for us.'],
  ['Enterprise demo', 'We would like a demo of the enterprise plan.'],
  ['Password reset', 'The password reset email never arrives.'],
  ['Webhook retries', 'Our webhook endpoint was down; are events retried?'],
  ['Cancel plan', 'How do I cancel my plan at the end of the month?'],
  ['VAT number', 'Can you add our VAT number to future invoices?'],
] as const;

export const ADMIN_REPLIES = [
  'Thanks for reaching out! Let me look into this for you.',
  'Could you share a screenshot of the error you are seeing?',
  'I have passed this on to our engineering team and will update you.',
  'You can find this under Settings, then Billing.',
  'I have refunded the duplicate charge; it can take 5 business days.',
  'That is now fixed on our side. Could you try again?',
  'Glad we could help. I will close this conversation now.',
] as const;

export const CUSTOMER_FOLLOW_UPS = [
  'Thanks, that worked!',
  'Still seeing the same problem, unfortunately.',
  'Here is the screenshot you asked for.',
  'Any update on this?',
  'Perfect, thank you for the quick answer.',
] as const;

export const CONVERSATION_TITLES = [
  'Billing dispute',
  'Login issue',
  'Data deletion request',
  'Upgrade enquiry',
  'Integration question',
] as const;

export const SLA_NAMES = [
  'First response within 1 hour',
  'VIP response',
  'Next business day',
] as const;

export const RATING_REMARKS = [
  'Very helpful, thanks!',
  'Took a while but got there.',
  'Quick and friendly.',
  'Did not solve my problem.',
] as const;

export const HELP_ARTICLES = [
  'Exporting your data',
  'Managing seats and billing',
  'Setting up single sign-on',
  'Troubleshooting the mobile app',
] as const;

/** Notes admins leave for each other inside a conversation. */
export const INTERNAL_NOTES = [
  'Checked the logs: the request never reached our API.',
  'Looping in billing, this needs a manual adjustment.',
  'Customer is on the legacy plan, so the old limits apply.',
  'Engineering ticket updated with the latest reproduction steps.',
  'Please keep the tone formal, this is a key account.',
] as const;

/** Answers Fin, Intercom's AI agent, gives from the help center. */
export const FIN_ANSWERS = [
  'You can change this under Settings, then Workspace. Did that help?',
  'Here is an article that explains the steps in detail.',
  'I could not find an answer to that; let me pass you to the team.',
  'Exports run in the background and arrive by email when done.',
] as const;

/**
 * Reasons an admin may give for being away, with their emoji, in display
 * order. Every workspace has the first four, with ids 1 to 4: the ids
 * admins' `away_status_reason_id` takes and the reasons the activity log's
 * away-mode changes name. The rest are some workspaces' own additions.
 */
export const AWAY_STATUS_REASONS = [
  ['On a break', '☕'],
  ['In a meeting', '📅'],
  ['Out for lunch', '🍔'],
  ['Off sick', '🤒'],
  ['On holiday', '🌴'],
  ['Done for the day', '🏡'],
  ['Travelling', '✈️'],
  ['In training', '🎓'],
] as const;

/** The reasons of `AWAY_STATUS_REASONS` every workspace has. */
export const STANDARD_AWAY_REASONS = 4;

/** Product lines a workspace may run as brands besides its own name. */
export const BRAND_LINES = [
  'Pro',
  'Labs',
  'for Business',
  'Pay',
  'Health',
  'Academy',
] as const;
