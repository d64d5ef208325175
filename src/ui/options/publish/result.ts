/** What the last publish or rollback did, as the section shows it. */
import type { BundleProblem } from '../../../config/types';

export interface ActionResult {
  ok: boolean;
  text: string;
  problems?: BundleProblem[];
}
