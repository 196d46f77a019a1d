/** POSTs an activity to a bot's /api/messages as Teams does; returns the status and the body (JSON when it is JSON). */
export async function postActivity(botUrl: string, activity: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, body };
}
