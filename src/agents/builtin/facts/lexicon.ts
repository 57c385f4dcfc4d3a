/**
 * Word lists the rule-based extractors share. Kept together so a reviewer can
 * see every assumption the built-in provider makes about English sales talk.
 */

/** Head words a job title ends with ("Director of Finance Operations", "AP supervisor"). */
export const ROLE_HEADS =
  'manager|director|controller|officer|engineer|executive|supervisor|lead|head|president|vp|svp|evp|cfo|ceo|cio|cto|coo|ciso|cpo|cro|cmo|admin|administrator|analyst|specialist|consultant|architect|owner|representative|rep|associate|coordinator|accountant|counsel|founder|co-founder|chief|partner|treasurer|buyer|advisor|strategist|designer|developer|scientist|clerk|assistant|principal|champion|sponsor|auditor|secretary|chair|chairman|chairwoman|planner|recruiter|marketer|salesperson|closer|ae|sdr|bdr|csm|am|se';
/** Acronym titles that stand alone: "our CFO, Gary Lindholm". */
export const ROLE_ACRONYMS = new Set(['CFO', 'CEO', 'CIO', 'CTO', 'COO', 'CISO', 'CPO', 'CRO', 'CMO', 'VP', 'SVP', 'EVP', 'GC', 'CSM', 'AE', 'SE', 'SDR', 'BDR']);

/** Capitalised words that are never a company, product or person. */
export const NOT_NAMES = new Set(
  (
    'I Im Ill Ive Id OK Okay Ok Hi Hey Hello Thanks Thank Yes Yeah Yep Yup No Nope So And But Or Nor The A An We You They He She It This That These Those There Here What Whats When Where Who Why How Which If Then Great Perfect Sure Right Well Also Just Honestly Actually Absolutely Good Got Let Lets Our My Your Their His Her Its Mr Mrs Ms Dr Sir Madam ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mondays Tuesdays Wednesdays Thursdays Fridays Saturdays Sundays January February March April May June July August September October November December ' +
    'Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Q1 Q2 Q3 Q4 FY AM PM ' +
    'Understood Totally Exactly Fair Fine Cool Awesome Nice Wow Oh Ah Um Uh Hmm Ha Haha Mm Mhm Correct Agreed Definitely Of Once Now Today Tomorrow Yesterday Tonight ' +
    'Please Sorry Welcome Bye Goodbye Cheers Morning Afternoon Evening Likewise Sounds Works Done Both Either Neither Everyone Everybody Anyone Anybody Someone Somebody Nobody Nothing Something Anything Everything ' +
    'First Second Third Fourth Fifth One Two Three Four Five Six Seven Eight Nine Ten Last Next Another Other Each Every Some Any All Most Many Much More Less Few ' +
    'Is Are Was Were Be Been Do Does Did Have Has Had Can Could Would Should Will Shall Might Must Not Don Didn Doesn Isn Wasn Can\'t Won\'t ' +
    'Because Since While Although Though Unless Until After Before During Without Within With From For To In On At By About Into Over Under Between Through ' +
    'Plus Minus Per Via Versus Vs Re Yours Ours Theirs Mine Me Us Him Them Said Says Say Tell Told Ask Asked Go Going Gonna Wanna Gotta ' +
    'Speaker Transcribed Inaudible Crosstalk Laughter Music Silence Unknown Participant Host Guest Moderator Operator Interviewer Interviewee'
  ).split(/\s+/),
);

/** Common product/infrastructure names: they are integrations, not competitors or customers. */
export const INFRA = new Set(
  (
    'S/4HANA S/4 HANA ECC JDE Epicor Infor Acumatica Excel Outlook Gmail Google Slack Teams Zoom Okta Azure AWS GCP Salesforce HubSpot Workday SAP Oracle NetSuite Intacct Dynamics QuickBooks Xero Sage ' +
    'Jira Confluence Notion Word PowerPoint Office Windows Mac iPhone Android Linux Microsoft Apple Amazon Facebook LinkedIn Twitter YouTube WhatsApp ' +
    'PDF CSV API APIs SSO SAML SCIM OIDC MFA SOC ISO GDPR HIPAA PCI NDA MSA DPA SLA RFP RFI PO POs ACH EFT ERP CRM HR IT AP AR GL BI AI ML ROI KPI KPIs OCR VAT IBAN SWIFT TLS AES SIEM RCA QR SMS URL ' +
    'US USA UK EU EMEA APAC LATAM NA'
  ).split(/\s+/),
);

export const MONTH_NAMES = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

/** Legal or descriptive tails that mark an organisation name. */
export const ORG_SUFFIX =
  /\b(?:Inc|Incorporated|Corp|Corporation|Co|Company|LLC|Ltd|Limited|GmbH|AG|AB|AS|ASA|SA|SAS|BV|NV|Oy|KK|Pty|PLC|plc|Group|Holdings|Industries|Traders|Trading|Logistics|Logistik|Systems|Technologies|Technology|Labs|Partners|Foods|Bank|Capital|Health|Energy|Motors|Airlines|Airways|Insurance|Pharma|Media|Solutions|Services|Software|Networks|Analytics|Ventures|Enterprises|Manufacturing|Retail|Stores|Brands|Global|International|Worldwide)\b/;

/** "my colleague", "our engineer": words that may stand between "with me is" and a colleague's name (regex source, optional). */
export const COLLEAGUE = "(?:(?:my|our) (?:colleague|teammate|co-?worker|business partner|partner|manager|boss|engineer|[a-z]+ (?:lead|manager|engineer))\\s+)?";

/** Department names: a unit of a company, never a company, vendor or product on their own ("Finance", "Patient Services", "IT team"). */
export const DEPARTMENTS =
  /^(?:(?:the\s+)?(?:(?:Field|Patient|Customer|Digital|Business|Human|Information|Member|Client|Guest|Student|Clinical|Corporate|Internal|Global)\s+)?(?:Finance|Legal|Procurement|Purchasing|Marketing|Sales|Operations|Ops|IT|HR|Engineering|Accounting|Accounts Payable|Payables|Receivables|Compliance|Support|Facilities|Admissions|Treasury|Audit|Experience|Success|Resources|Technology|Services|Infosec|InfoSec)(?:\s+(?:team|department|dept|group|office|folks))?)$/;

/**
 * "We've been on Shelfly", "This is Dana from Acme": a function word that is capitalised only because it
 * starts the sentence is lower-cased, so rules written for mid-sentence text also hold at the start.
 * Names, and "I"/"I'm", are left as they are.
 */
export function decapitalise(sentence: string): string {
  const m = /^(\p{Lu}[\p{L}'’]*)/u.exec(sentence);
  if (!m) return sentence;
  const w = m[1]!;
  const lead = /^(?:Compared|Currently|Unlike|Besides|Instead|Frankly|Basically|Realistically|Obviously|Ideally|Apparently|Previously|Recently|Lately)$/;
  if (/^I(?:['’]|$)/.test(w) || !(NOT_NAMES.has(w.split(/['’]/)[0]!) || lead.test(w))) return sentence;
  return w.toLowerCase() + sentence.slice(w.length);
}
