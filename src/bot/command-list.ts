/**
 * The text commands the bot implements. The manifest's commandLists and the help card are checked
 * against this list, so a command cannot be advertised without being implemented.
 */
export interface BotCommandInfo {
  /** What the user types (the manifest's command title). */
  title: string;
  /** One line for the command menu and the help card. */
  description: string;
  /** Who may use it. */
  audience: 'everyone' | 'managers and approvers' | 'approvers';
}

export const BOT_COMMANDS: readonly BotCommandInfo[] = [
  { title: 'my license', description: 'Show your licenses and what you effectively get', audience: 'everyone' },
  { title: 'what license do I have', description: 'Same as "my license"', audience: 'everyone' },
  { title: 'license', description: 'license ‹user›: licenses of a direct report', audience: 'managers and approvers' },
  { title: 'request', description: 'request ‹product› for ‹me|people|members of ‹group›|my team› [replacing ‹product›] [for 30 days] [because …], or a form', audience: 'everyone' },
  { title: 'requests', description: 'Your license requests, and pending ones for approvers', audience: 'everyone' },
  { title: 'cancel', description: 'cancel ‹request id›: withdraw your pending request', audience: 'everyone' },
  { title: 'budget', description: 'budget ‹department|group› ‹product› ‹n›: set a seat budget; budgets: list them with use', audience: 'approvers' },
  { title: 'report', description: 'Seats, redundant licenses, group errors and unused accounts, with a CSV download', audience: 'approvers' },
  // One entry for `alerts` and `alerts off|on <kind>`: Teams shows at most 10 commands per scope.
  { title: 'alerts', description: 'Open alerts (group-licensing errors, seats, subscriptions, disconnected mailboxes); alerts off|on ‹kind› to stop or restart one kind', audience: 'approvers' },
  { title: 'help', description: 'What License Desk can do', audience: 'everyone' },
];
