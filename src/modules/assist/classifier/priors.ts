// Prior knowledge from the dispatch catalog: each label's names and keywords become a
// pseudo-document, so a fresh installation with little history still ranks sensibly.

export interface LabelPrior {
  label: string;
  /** catalog names under this label (e.g. second- and third-level category names) */
  names?: string[];
  keywords?: string[];
}

export function priorDocuments(priors: LabelPrior[]): { title: string; detail: string; label: string }[] {
  return priors
    .filter((p) => p.label)
    .map((p) => ({
      label: p.label,
      title: [p.label, ...(p.names ?? [])].join('，'),
      detail: [...(p.names ?? []), ...(p.keywords ?? [])].join('，'),
    }));
}
