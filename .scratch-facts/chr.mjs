import * as chrono from 'chrono-node';
const ref = new Date('2026-10-05T12:00:00');
for (const s of ['by this Friday, October ninth','by Monday the twelfth','next Thursday, October fifteenth','the week of the nineteenth','by Friday, October twenty-third','on Thursday, November twelfth','Saturday the thirty-first','this Friday, the thirtieth','tomorrow, Wednesday','Thursday, the twenty-ninth','Monday, November ninth','by Wednesday, 2 December','by Friday, 27 November','by 15 December','1 April 2027','early December','end of the month','next week','the week after Thanksgiving','by tomorrow, Friday','on December thirty-first','January fourth','in the second quarter of next year','Q2 next year','mid-December','end of February','by the twentieth', 'Tuesday the seventeenth at two p.m. Pacific','November 20th','by five p.m.']) {
  const r = chrono.parse(s, ref, {forwardDate:true});
  console.log(s.padEnd(45), r.map(x=>`[${x.text}] ${x.start.date().toISOString().slice(0,10)} ${JSON.stringify(x.start.knownValues)}`).join(' | '));
}
