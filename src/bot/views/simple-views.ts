import { BOT_COMMANDS } from '../command-list';
import { messagesFor, type MessageKey, type Messages } from '../i18n';

export interface MessageView {
  lang?: string;
  title: string;
  text: string;
  items: string[];
  footer: string;
  color: 'Default' | 'Attention' | 'Warning' | 'Good';
  /** Action.Execute buttons (e.g. "Request anyway"). */
  actions: Array<{ title: string; verb: string; data: Record<string, unknown> }>;
  /** One text input above the buttons (e.g. how long to extend). */
  hasInput: boolean;
  input: { id: string; label: string; value: string };
}

/** A message card; title and text come already in the reader's language (from the catalog). */
export function messageView(title: string, text: string, options: Partial<Omit<MessageView, 'title' | 'text' | 'hasInput'>> = {}): MessageView {
  return {
    lang: options.lang ?? 'en',
    title,
    text,
    items: options.items ?? [],
    footer: options.footer ?? '',
    color: options.color ?? 'Default',
    actions: options.actions ?? [],
    hasInput: Boolean(options.input),
    input: options.input ?? { id: 'input', label: '', value: '' },
  };
}

/** The same from catalog keys: `<key>.title` and `<key>.text`, one call per message in the handlers. */
export function messageFrom(
  m: Messages,
  key: string,
  values: Record<string, string | number> = {},
  options: Partial<Omit<MessageView, 'title' | 'text' | 'lang' | 'hasInput'>> = {},
): MessageView {
  return messageView(m.t(`${key}.title` as MessageKey, values), m.t(`${key}.text` as MessageKey, values), { ...options, lang: m.language });
}

/** Placeholders in the usage lines are translated; the command words stay (the parser reads English commands). */
const USAGE: Record<string, MessageKey> = {
  license: 'help.usage.license',
  request: 'help.usage.request',
  cancel: 'help.usage.cancel',
  alerts: 'help.usage.alerts',
  budget: 'help.usage.budget',
};

/** Each command's help line in the catalogs (English = BOT_COMMANDS' description, which the manifest shows). */
export const COMMAND_DESCRIPTION_KEYS: Record<string, MessageKey> = {
  'my license': 'command.my-license.description',
  'what license do I have': 'command.what-license.description',
  license: 'command.license.description',
  request: 'command.request.description',
  requests: 'command.requests.description',
  cancel: 'command.cancel.description',
  report: 'command.report.description',
  alerts: 'command.alerts.description',
  budget: 'command.budget.description',
  help: 'command.help.description',
};

const AUDIENCE: Record<string, MessageKey> = {
  'managers and approvers': 'help.audience.managers-and-approvers',
  approvers: 'help.audience.approvers',
};

export interface HelpView {
  lang: string;
  title: string;
  intro: string;
  commands: Array<{ title: string; usage: string; description: string }>;
  fallbackText: string;
  /** The card's button ("What license do I have?" on help, "Show my licenses" on welcome). */
  actionTitle: string;
}

export function helpView(intro = '', title?: string, m: Messages = messagesFor('en')): HelpView {
  const commands = BOT_COMMANDS.filter((c) => c.title !== 'what license do I have').map((c) => {
    const description = COMMAND_DESCRIPTION_KEYS[c.title] ? m.t(COMMAND_DESCRIPTION_KEYS[c.title]) : c.description;
    return {
      title: c.title,
      usage: USAGE[c.title] ? m.t(USAGE[c.title]) : c.title,
      description: c.audience === 'everyone' ? description : m.t(AUDIENCE[c.audience], { description }),
    };
  });
  return {
    lang: m.language,
    title: title ?? m.t('help.title'),
    intro,
    commands,
    fallbackText: m.t('help.fallback', { commands: commands.map((c) => c.title).join(', ') }),
    actionTitle: m.t('help.action.my-license'),
  };
}

export function welcomeView(m: Messages = messagesFor('en')): HelpView {
  return { ...helpView(m.t('welcome.intro'), m.t('welcome.title'), m), actionTitle: m.t('welcome.action.my-license') };
}

export interface ErrorView {
  lang: string;
  title: string;
  text: string;
  correlationId: string;
  reference: string;
}

export function errorView(correlationId: string, text?: string, m: Messages = messagesFor('en')): ErrorView {
  return { lang: m.language, title: m.t('error.title'), text: text ?? m.t('error.text'), correlationId, reference: m.t('common.reference', { id: correlationId }) };
}
