// Refuse "billion laughs" documents. Same rule as gopkg.in/yaml.v3's decoder (which compose-go
// relied on): once more than 1000 nodes were decoded and more than 100 of them came through an
// alias, the share of aliased nodes may not exceed a ratio that shrinks as the document grows.
import { SpecError } from '../errors';

export class AliasBudget {
  private decoded = 0;
  private aliased = 0;
  private depth = 0;

  constructor(private readonly file: string) {}

  /** Count one decoded node; throws once aliasing is excessive. */
  visit(): void {
    this.decoded++;
    if (this.depth > 0) this.aliased++;
    if (this.aliased > 100 && this.decoded > 1000 && this.aliased / this.decoded > allowedRatio(this.decoded)) {
      throw new SpecError('yaml: document contains excessive aliasing', { file: this.file });
    }
  }

  enterAlias(): void {
    this.depth++;
  }

  leaveAlias(): void {
    this.depth--;
  }
}

/** yaml.v3 allowedAliasRatio: 99% up to 400k nodes, 10% from 4M, linear in between. */
function allowedRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.1;
  return 0.99 - (0.89 * (decoded - 400_000)) / 3_600_000;
}
