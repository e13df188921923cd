import type { Handlers } from '../../shared/contract';
import type { ComparisonService } from './comparison-service';

type CompareChannels = 'compare.start' | 'compare.cancel' | 'compare.regenerate' | 'compare.get';

export function compareHandlers(comparisons: ComparisonService): Pick<Handlers, CompareChannels> {
  return {
    'compare.start': (request) => comparisons.start(request),
    'compare.cancel': async ({ comparisonId, side }) => comparisons.cancel(comparisonId, side),
    'compare.regenerate': ({ comparisonId, newComparisonId }) => comparisons.regenerate(comparisonId, newComparisonId),
    'compare.get': async ({ comparisonId }) => comparisons.get(comparisonId),
  };
}
