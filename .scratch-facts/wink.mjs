import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
const nlp = winkNLP(model);
const its = nlp.its;
const texts = [
 "When I did the math last quarter, we're leaving something like sixty thousand dollars a year on the table in discounts. And we paid about four thousand dollars in late fees in September alone.",
 "They quoted us thirty-eight thousand a year, I think. Today you pay €52 000 a year for Sweden and Norway. Adding Hamburg is €14 500 a year.",
 "Proposal is $54,000/yr plus $8k implementation, and 45 thousand USD. Budget is 30 to 45 thousand. It costs ¥2 400 000 a year.",
 "I'll send a recap of today, our SOC 2 report and a mutual NDA by this Friday, October ninth. Two, Ben, you'll send me last quarter's invoice counts by Monday the twelfth.",
 "Our CFO, Gary Lindholm, put modernize AP into the FY27 plan. Hi Helen, Marcus Feld, I'm the account manager on the Quorvane side for your renewal.",
];
for (const t of texts) {
  const doc = nlp.readDoc(t);
  console.log('SENTS', doc.sentences().out());
  console.log('ENTS', doc.entities().out(its.detail));
}
