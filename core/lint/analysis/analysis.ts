import type { GovernedRepo } from "../../model/repo.ts";
import { collectExpressionSites, type ExpressionSite, type UnclosedExpression } from "./expression-sites.ts";

/** Work several rules need, done at most once per lint run. */
export class Analysis {
  private readonly repo: GovernedRepo;
  private expressions?: { sites: ExpressionSite[]; unclosed: UnclosedExpression[] };

  constructor(repo: GovernedRepo) {
    this.repo = repo;
  }

  private collect() {
    this.expressions ??= collectExpressionSites(this.repo);
    return this.expressions;
  }

  get sites(): readonly ExpressionSite[] {
    return this.collect().sites;
  }

  get unclosed(): readonly UnclosedExpression[] {
    return this.collect().unclosed;
  }
}
