/** One sample's vote: its extracted answer (absent when none was found) and whether it was right. */
export interface Vote {
  extracted?: string | undefined;
  correct: boolean;
}

/** Decides whether two extracted answers are the same answer (the verifier's equivalence). */
export type Equivalence = (a: string, b: string) => Promise<boolean>;

interface AnswerClass {
  representative: string;
  count: number;
  firstIndex: number;
  correct: boolean;
}

/**
 * maj@k for every k in `ks` from one pass over the samples: the answer given most often among the
 * first k samples wins, where answers are grouped by the verifier's equivalence (so "1/2" and "0.5"
 * vote together), not by string. Ties go to the answer that appeared first. Samples without an
 * extracted answer do not vote; if none voted, maj@k is 0. Returns 1 or 0 per k.
 */
export async function majorityAtK(
  votes: readonly Vote[],
  ks: readonly number[],
  equivalent: Equivalence,
): Promise<Map<number, number>> {
  const results = new Map<number, number>();
  const wanted = new Set(ks);
  const classes: AnswerClass[] = [];

  for (let index = 0; index < votes.length; index++) {
    const vote = votes[index]!;
    if (vote.extracted !== undefined && vote.extracted !== "") {
      await addVote(classes, vote.extracted, vote.correct, index, equivalent);
    }
    const k = index + 1;
    if (wanted.has(k)) results.set(k, winner(classes)?.correct ? 1 : 0);
  }
  return results;
}

async function addVote(
  classes: AnswerClass[],
  extracted: string,
  correct: boolean,
  index: number,
  equivalent: Equivalence,
): Promise<void> {
  // Identical strings first: cheap, and the common case in majority voting.
  for (const answerClass of classes) {
    if (answerClass.representative === extracted) {
      answerClass.count++;
      return;
    }
  }
  for (const answerClass of classes) {
    if (await equivalent(answerClass.representative, extracted)) {
      answerClass.count++;
      return;
    }
  }
  classes.push({ representative: extracted, count: 1, firstIndex: index, correct });
}

function winner(classes: readonly AnswerClass[]): AnswerClass | undefined {
  let best: AnswerClass | undefined;
  for (const answerClass of classes) {
    if (
      best === undefined ||
      answerClass.count > best.count ||
      (answerClass.count === best.count && answerClass.firstIndex < best.firstIndex)
    ) {
      best = answerClass;
    }
  }
  return best;
}
