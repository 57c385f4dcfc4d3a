import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
const nlp = winkNLP(model);
const its = nlp.its;
const texts = [
 "I'll send the revised order form and the updated MSA today, by five p.m. Pacific. You'll raise the PO tomorrow, Wednesday.",
 "Let's say ten a.m. Pacific. Ten a.m. Pacific on the fifteenth. I'll send the invite today.",
 "Joining me today is Mr. Roberto Alvo, Chief Commercial Officer. We use the U.S. region, e.g. Virginia. Our CFO, Gary Lindholm, signs.",
 "Hi Helen, Marcus Feld, I'm the account manager on the Quorvane side for your renewal. Nice to finally meet you properly.",
 "Okay. Because the vendor portal is about nine thousand of our fifty-four. I said, \"AP is drowning.\" What's going on?",
];
for (const t of texts) {
  const doc = nlp.readDoc(t);
  console.log('SENTS', doc.sentences().out());
  console.log(doc.tokens().out(its.pos).join(' '));
  console.log(doc.tokens().out().join('|'));
}
