import { BOT_COMMANDS } from '../command-list';

export interface MessageView {
  title: string;
  text: string;
  items: string[];
  footer: string;
  color: 'Default' | 'Attention' | 'Warning' | 'Good';
  /** Action.Execute buttons (e.g. "Request anyway"). */
  actions: Array<{ title: string; verb: string; data: Record<string, unknown> }>;
}

export function messageView(title: string, text: string, options: Partial<Omit<MessageView, 'title' | 'text'>> = {}): MessageView {
  return { title, text, items: options.items ?? [], footer: options.footer ?? '', color: options.color ?? 'Default', actions: options.actions ?? [] };
}

const USAGE: Record<string, string> = {
  license: 'license ‹user›',
  request: 'request ‹product› for ‹user|me›',
  cancel: 'cancel ‹request id›',
  'alerts off': 'alerts off|on ‹kind›',
};

export interface HelpView {
  title: string;
  intro: string;
  commands: Array<{ title: string; usage: string; description: string }>;
}

export function helpView(intro = '', title = 'License Desk'): HelpView {
  return {
    title,
    intro,
    commands: BOT_COMMANDS.filter((c) => c.title !== 'what license do I have').map((c) => ({
      title: c.title,
      usage: USAGE[c.title] ?? c.title,
      description: c.audience === 'everyone' ? c.description : `${c.description} (${c.audience})`,
    })),
  };
}

export function welcomeView(): HelpView {
  return helpView(
    'I answer Microsoft 365 license questions: which licenses you have, what they effectively give you after stacking, and which are redundant but still billed.',
    'Welcome to License Desk',
  );
}

export interface ErrorView {
  title: string;
  text: string;
  correlationId: string;
}

export function errorView(correlationId: string, text = 'Something went wrong on our side. Please try again in a minute; if it keeps happening, give this reference to your admin.'): ErrorView {
  return { title: 'Sorry, that did not work', text, correlationId };
}
