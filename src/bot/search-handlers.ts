/**
 * `application/search`: the typeahead behind the request form's product picker (`Input.ChoiceSet` with
 * `choices.data: { type: 'Data.Query', dataset: 'licenseDesk.products' }`). Answered from the cached SKU table —
 * never a Graph call per keystroke — with at most 15 results (Teams shows no more).
 */
import type { InvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../logging';
import { searchProducts } from '../licensing/product-search';
import { messagesOf } from './i18n';
import { turnOf } from './turn';

export const PRODUCT_DATASET = 'licenseDesk.products';
const SEARCH_RESPONSE = 'application/vnd.microsoft.search.searchResponse';
const MAX_RESULTS = 15;

const SearchInvoke = z.object({
  queryText: z.string().max(200).optional().default(''),
  dataset: z.string().max(100),
  queryOptions: z.object({ skip: z.number().int().min(0).optional(), top: z.number().int().min(1).optional() }).passthrough().optional(),
}).passthrough();

export interface ProductSource {
  products(): Promise<Array<{ skuId: string; skuPartNumber: string; displayName: string; free: number }>>;
}

export class SearchHandlers {
  constructor(
    private readonly products: ProductSource,
    private readonly logger: Logger,
  ) {}

  async onSearch(context: TurnContext): Promise<InvokeResponse> {
    const turn = turnOf(context, this.logger);
    const parsed = SearchInvoke.safeParse(context.activity.value);
    if (!parsed.success) {
      turn.logger.warn({}, 'refused: malformed search invoke');
      return { status: 400, body: { type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'A search needs { queryText, dataset }.' } } };
    }
    const { queryText, dataset, queryOptions } = parsed.data;
    if (dataset !== PRODUCT_DATASET) {
      return { status: 400, body: { type: 'application/vnd.microsoft.error', value: { code: 'UnknownDataset', message: `License Desk has no dataset "${dataset.slice(0, 50)}".` } } };
    }
    const top = Math.min(queryOptions?.top ?? MAX_RESULTS, MAX_RESULTS);
    const skip = queryOptions?.skip ?? 0;
    const found = searchProducts(queryText, await this.products.products(), skip + top).slice(skip);
    const m = messagesOf(context);
    const results = found.map((p) => ({ title: m.t('form.product.choice', { name: p.displayName, free: p.free }), value: p.skuPartNumber }));
    return { status: 200, body: { type: SEARCH_RESPONSE, value: { results } } };
  }
}
