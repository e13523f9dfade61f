import { pairClaimId } from '../server/model/records';
import type { SeedEntity, SeedGraph, SeedRelationship } from './model';

/**
 * Seed graph built from one French news article (July 2025) on the Scale AI layoffs that
 * followed Meta's investment. Facts come from the article; all texts are our own English wording.
 */

const ARTICLE = 'source:scale-ai-layoffs-article-2025-07';

const entities: SeedEntity[] = [
  // Sources: the article itself and the two reports it relays.
  {
    id: ARTICLE,
    kind: 'Source',
    name: 'Scale AI cuts staff and contractors weeks after Meta deal',
    description:
      'French-language tech news piece from July 2025 covering the Scale AI job cuts, the Meta stake and the earlier leak of project documents.',
    facts: {
      language: 'fr',
      published: '2025-07',
      title: 'Scale AI cuts staff and contractors weeks after Meta deal',
    },
  },
  {
    id: 'source:document-exposure-investigation-2025-06',
    kind: 'Source',
    name: 'Investigation into publicly accessible Scale AI documents',
    description:
      'A June 2025 inquiry, cited by the article without naming its publisher, that found Scale AI files open to anyone on the web.',
    facts: { date: '2025-06-01', datePrecision: 'month', publisherNamed: false },
  },
  {
    id: 'source:partner-reconsideration-report-2025-07',
    kind: 'Source',
    name: 'Report on clients reconsidering Scale AI partnerships',
    description:
      'An unnamed report, relayed by the article, saying that some companies were weighing whether to keep working with Scale AI after the leak.',
    facts: { publisherNamed: false },
  },

  // Scale AI and its subsidiaries.
  {
    id: 'org:scale-ai',
    kind: 'Organization',
    name: 'Scale AI',
    aliases: ['Scale', 'ScaleAI', 'Scale AI, Inc.'],
    description:
      'US start-up that labels training data and evaluates models for AI developers, relying heavily on contractors, many outside the US. It says it still runs independently despite the Meta stake.',
    facts: {
      headquarters: 'San Francisco, California',
      country: 'US',
      business: 'data labelling and model evaluation',
    },
  },
  {
    id: 'org:remotasks',
    kind: 'Organization',
    name: 'Remotasks',
    description:
      'Scale AI subsidiary through which labelling work is farmed out, focused on computer vision and self-driving vehicles.',
    facts: { focus: 'computer vision, autonomous vehicles' },
  },
  {
    id: 'org:outlier',
    kind: 'Organization',
    name: 'Outlier',
    description: 'Scale AI subsidiary that handles data annotation aimed at large language models.',
    facts: { focus: 'data annotation for large language models' },
  },

  // Meta and its new lab.
  {
    id: 'org:meta',
    kind: 'Organization',
    name: 'Meta',
    aliases: ['Meta Platforms', 'Facebook'],
    description:
      'Big tech group that bought nearly half of Scale AI in 2025 while trying to catch up with AI rivals such as OpenAI.',
  },
  {
    id: 'org:meta-superintelligence-labs',
    kind: 'Organization',
    name: 'Meta Superintelligence Labs',
    aliases: ['Meta Superintelligence Labs', 'MSL', 'superintelligence lab'],
    description:
      "Meta's new in-house superintelligence research unit, headed by Alexandr Wang and staffed with senior people reportedly lured from other leading AI labs.",
  },

  // AI developers and other Scale AI clients.
  {
    id: 'org:openai',
    kind: 'Organization',
    name: 'OpenAI',
    description:
      'AI developer named as a Scale AI customer and as the rival Meta is chasing; four of its researchers moved to Meta in 2025.',
  },
  {
    id: 'org:google',
    kind: 'Organization',
    name: 'Google',
    description:
      'Tech giant that uses Scale AI for training data; prompts for its chatbot were among the exposed files.',
  },
  {
    id: 'org:anthropic',
    kind: 'Organization',
    name: 'Anthropic',
    description:
      'AI developer listed among the large tech firms that rely on Scale AI for data work.',
  },
  {
    id: 'org:xai',
    kind: 'Organization',
    name: 'xAI',
    aliases: ['x.AI'],
    description:
      "Elon Musk's AI company, which ran a confidential conversational-style training project with Scale AI.",
  },
  {
    id: 'org:paypal',
    kind: 'Organization',
    name: 'PayPal',
    description: "Payments company cited as one of Scale AI's customers.",
  },
  {
    id: 'org:uber',
    kind: 'Organization',
    name: 'Uber',
    description: "Ride-hailing company cited as one of Scale AI's customers.",
  },

  // Governments.
  {
    id: 'gov:united-states',
    kind: 'Government',
    name: 'United States government',
    aliases: ['US government', 'USA', 'United States'],
    description:
      'Named as a notable government customer of Scale AI, mostly on defence-related work.',
    facts: { country: 'US' },
  },
  {
    id: 'gov:other-governments',
    kind: 'Government',
    name: 'Other governments worldwide',
    description:
      'Group node for the unnamed national governments around the globe that Scale AI serves, often on military projects.',
    facts: { group: true },
  },

  // People.
  {
    id: 'person:alexandr-wang',
    kind: 'Person',
    name: 'Alexandr Wang',
    aliases: ['Alex Wang', 'Alexander Wang'],
    description:
      'Former Scale AI chief executive whom Meta brought in during June 2025 to run its new superintelligence lab.',
  },
  {
    id: 'person:mark-zuckerberg',
    kind: 'Person',
    name: 'Mark Zuckerberg',
    description:
      'Meta chief executive, unhappy with where Meta stood in AI and willing to spend billions to recruit top talent such as Wang.',
  },
  {
    id: 'person:jason-droege',
    kind: 'Person',
    name: 'Jason Droege',
    description:
      'Scale AI chief executive at the time of the July 2025 cuts; he justified them in a message to staff.',
  },
  {
    id: 'person:joe-osborne',
    kind: 'Person',
    name: 'Joe Osborne',
    description: 'Scale AI spokesperson who confirmed the job cuts to the press.',
  },
  {
    id: 'person:elon-musk',
    kind: 'Person',
    name: 'Elon Musk',
    description: 'Businessman the article names as the man behind xAI.',
  },
  {
    id: 'person:openai-recruits-2025',
    kind: 'Person',
    name: 'OpenAI researchers hired by Meta (2025)',
    description:
      "Group node for the four OpenAI researchers who joined Meta's superintelligence lab; all earned their first degrees at top Chinese universities.",
    facts: { count: 4, group: true, undergraduateEducation: 'Chinese universities' },
  },

  // Projects whose details leaked.
  {
    id: 'project:google-gemini',
    kind: 'Project',
    name: 'Google Gemini',
    aliases: ['Bard', 'Gemini', 'Google Bard'],
    description:
      'Google chatbot, first launched as Bard; Scale AI training prompts meant to improve it were among the exposed documents.',
  },
  {
    id: 'project:xai-xylophone',
    kind: 'Project',
    name: 'Project Xylophone',
    description:
      'Confidential xAI effort, supported by Scale AI, to teach a model different ways of holding a conversation.',
    facts: { purpose: 'conversational style training' },
  },
  {
    id: 'project:meta-chatbot',
    kind: 'Project',
    name: 'Meta chatbot',
    description:
      "Meta's chatbot under development; audio recordings tied to its training were left open in the leak.",
  },

  // Events.
  {
    id: 'event:meta-invests-in-scale-ai-2025-06',
    kind: 'Event',
    name: 'Meta buys 49% of Scale AI',
    description: 'Meta agreed to pay $14.3 billion for just under half of Scale AI.',
    facts: {
      date: '2025-06-01',
      datePrecision: 'month',
      amountUsd: 14_300_000_000,
      stake: 0.49,
    },
  },
  {
    id: 'event:wang-joins-meta-2025-06',
    kind: 'Event',
    name: 'Alexandr Wang moves to Meta',
    description:
      "Alongside the investment, Meta recruited Scale AI's chief executive to head its newly formed superintelligence lab.",
    facts: { date: '2025-06-01', datePrecision: 'month' },
  },
  {
    id: 'event:scale-ai-document-exposure-2025-06',
    kind: 'Event',
    name: 'Scale AI confidential documents left public',
    description:
      'At least 85 Google Docs with confidential client details and internal notes were open to anyone with the link, including contractor personal data and an editable list of hundreds of workers flagged as "cheating taskers".',
    facts: {
      date: '2025-06-01',
      datePrecision: 'month',
      documentsExposed: 85,
      documentsExposedIsMinimum: true,
      note: 'documentsExposed is a lower bound: the article says at least 85',
    },
  },
  {
    id: 'event:scale-ai-layoffs-2025-07',
    kind: 'Event',
    name: 'Scale AI layoffs',
    description:
      'Scale AI cut about 200 full-time jobs, roughly 14% of its staff, plus 500 contractors abroad, as part of a wider restructuring.',
    facts: {
      date: '2025-07-01',
      datePrecision: 'month',
      employeesLaidOff: 200,
      shareOfWorkforce: 0.14,
      contractorsLaidOff: 500,
      reason:
        'Restructuring: generative AI capacity was expanded too quickly, leaving too many layers and redundant work.',
    },
  },
  {
    id: 'event:meta-hires-openai-researchers-2025-07',
    kind: 'Event',
    name: 'Meta hires four OpenAI researchers',
    description:
      "Meta's superintelligence lab recruited four China-educated researchers away from OpenAI.",
    facts: { date: '2025-07-01', datePrecision: 'month', researchersHired: 4 },
  },
];

const relationships: SeedRelationship[] = [
  // Ownership: Meta's stake, Scale AI's subsidiaries, Meta's lab, Musk's company.
  {
    type: 'OWNS',
    from: 'org:meta',
    to: 'org:scale-ai',
    stake: 0.49,
    amountUsd: 14_300_000_000,
    since: '2025-06-01',
    datePrecision: 'month',
    source: ARTICLE,
    evidence: 'Article reports a $14.3B deal giving Meta a 49% stake.',
    confidence: 1,
  },
  {
    type: 'OWNS',
    from: 'org:scale-ai',
    to: 'org:remotasks',
    stake: 1,
    source: ARTICLE,
    evidence: 'Called a Scale AI subsidiary; full ownership is our inference.',
    confidence: 0.7,
  },
  {
    type: 'OWNS',
    from: 'org:scale-ai',
    to: 'org:outlier',
    stake: 1,
    source: ARTICLE,
    evidence: 'Called a Scale AI subsidiary; full ownership is our inference.',
    confidence: 0.7,
  },
  {
    type: 'OWNS',
    from: 'org:meta',
    to: 'org:meta-superintelligence-labs',
    stake: 1,
    source: ARTICLE,
    evidence: 'Described as a lab Meta set up itself, so an internal unit.',
    confidence: 0.8,
  },
  {
    type: 'OWNS',
    from: 'person:elon-musk',
    to: 'org:xai',
    source: ARTICLE,
    evidence: 'xAI is referred to as belonging to Musk; his share is not given.',
    confidence: 0.6,
  },

  // Client: who buys data work from Scale AI.
  {
    type: 'CLIENT_OF',
    from: 'org:openai',
    to: 'org:scale-ai',
    role: 'data labelling',
    source: ARTICLE,
    evidence: 'Named among Scale AI customers and firms it prepares training data for.',
    confidence: 1,
  },
  {
    type: 'CLIENT_OF',
    from: 'org:paypal',
    to: 'org:scale-ai',
    role: 'data labelling',
    source: ARTICLE,
    evidence: 'Listed as a Scale AI customer.',
    confidence: 1,
  },
  {
    type: 'CLIENT_OF',
    from: 'org:uber',
    to: 'org:scale-ai',
    role: 'data labelling',
    source: ARTICLE,
    evidence: 'Listed as a Scale AI customer.',
    confidence: 1,
  },
  {
    type: 'CLIENT_OF',
    from: 'org:google',
    to: 'org:scale-ai',
    role: 'training data labelling and processing',
    source: ARTICLE,
    evidence: 'Named as a tech giant Scale AI helps with training data.',
    confidence: 1,
  },
  {
    type: 'CLIENT_OF',
    from: 'org:anthropic',
    to: 'org:scale-ai',
    role: 'training data labelling and processing',
    source: ARTICLE,
    evidence: 'Named as a tech giant Scale AI helps with training data.',
    confidence: 1,
  },
  {
    type: 'CLIENT_OF',
    from: 'org:meta',
    to: 'org:scale-ai',
    role: 'training data labelling and processing',
    source: ARTICLE,
    evidence: 'Named as a tech giant Scale AI helps with training data.',
    confidence: 1,
  },
  {
    type: 'CLIENT_OF',
    from: 'org:xai',
    to: 'org:scale-ai',
    role: 'AI training projects',
    source: ARTICLE,
    evidence: 'Leaked files show Scale AI running a training project for xAI.',
    confidence: 0.8,
  },
  {
    type: 'CLIENT_OF',
    from: 'gov:united-states',
    to: 'org:scale-ai',
    role: 'military-related projects',
    source: ARTICLE,
    evidence: 'Singled out among the governments Scale AI serves on defence work.',
    confidence: 1,
  },
  {
    type: 'CLIENT_OF',
    from: 'gov:other-governments',
    to: 'org:scale-ai',
    role: 'government work, much of it military-related',
    source: ARTICLE,
    evidence: 'Scale AI is said to serve governments across the globe.',
    confidence: 1,
  },
  {
    type: 'WORKS_ON',
    from: 'org:scale-ai',
    to: 'project:google-gemini',
    role: 'training prompts',
    source: ARTICLE,
    evidence: 'Leaked files held Scale AI prompts for improving the Google chatbot.',
    confidence: 1,
  },
  {
    type: 'WORKS_ON',
    from: 'org:scale-ai',
    to: 'project:xai-xylophone',
    role: 'conversational training data',
    source: ARTICLE,
    evidence: 'The confidential xAI project appeared in the exposed Scale AI files.',
    confidence: 1,
  },
  {
    type: 'WORKS_ON',
    from: 'org:scale-ai',
    to: 'project:meta-chatbot',
    role: 'audio training data',
    source: ARTICLE,
    evidence: 'Audio files for the Meta chatbot were among the Scale AI material.',
    confidence: 1,
  },

  // Leadership: chief executives, heads, spokespeople, and who builds which project.
  {
    type: 'CEO_OF',
    from: 'person:alexandr-wang',
    to: 'org:scale-ai',
    until: '2025-06-01',
    datePrecision: 'month',
    role: 'chief executive',
    source: ARTICLE,
    evidence: 'Called the former Scale AI chief, who left for Meta in June.',
    confidence: 0.8,
  },
  {
    type: 'CEO_OF',
    from: 'person:jason-droege',
    to: 'org:scale-ai',
    since: '2025-06-01',
    datePrecision: 'month',
    role: 'chief executive',
    source: ARTICLE,
    evidence: 'Named as chief executive; start date inferred from Wang leaving.',
    confidence: 0.8,
  },
  {
    type: 'LEADS',
    from: 'person:alexandr-wang',
    to: 'org:meta-superintelligence-labs',
    since: '2025-06-01',
    datePrecision: 'month',
    role: 'head of the lab',
    source: ARTICLE,
    evidence: 'Meta recruited him to run its new superintelligence lab.',
    confidence: 1,
  },
  {
    type: 'CEO_OF',
    from: 'person:mark-zuckerberg',
    to: 'org:meta',
    role: 'chief executive',
    source: ARTICLE,
    evidence: 'Presented as the person steering Meta and its AI spending.',
    confidence: 0.8,
  },
  {
    type: 'SPOKESPERSON_FOR',
    from: 'person:joe-osborne',
    to: 'org:scale-ai',
    role: 'spokesperson',
    source: ARTICLE,
    evidence: 'Identified as the company spokesperson.',
    confidence: 1,
  },
  {
    type: 'DEVELOPS',
    from: 'org:google',
    to: 'project:google-gemini',
    source: ARTICLE,
    evidence: 'Referred to as the Google chatbot.',
    confidence: 1,
  },
  {
    type: 'DEVELOPS',
    from: 'org:xai',
    to: 'project:xai-xylophone',
    source: ARTICLE,
    evidence: 'Described as a confidential xAI project.',
    confidence: 1,
  },
  {
    type: 'DEVELOPS',
    from: 'org:meta',
    to: 'project:meta-chatbot',
    source: ARTICLE,
    evidence: 'Described as the chatbot Meta is building.',
    confidence: 1,
  },
  {
    type: 'LEADS',
    from: 'person:elon-musk',
    to: 'org:xai',
    role: 'owner and head',
    source: ARTICLE,
    evidence: 'xAI is attached to Musk by name; his exact role is not spelled out.',
    confidence: 0.6,
  },

  // Event: the July 2025 layoffs.
  {
    type: 'INITIATED',
    from: 'org:scale-ai',
    to: 'event:scale-ai-layoffs-2025-07',
    since: '2025-07-01',
    datePrecision: 'month',
    role: 'employer cutting jobs',
    source: ARTICLE,
    evidence: 'The company announced the cuts as part of a restructuring.',
    confidence: 1,
  },
  {
    type: 'INITIATED',
    from: 'person:jason-droege',
    to: 'event:scale-ai-layoffs-2025-07',
    role: 'explained the cuts in an email to staff',
    source: ARTICLE,
    evidence: 'His internal message blamed over-fast GenAI growth.',
    confidence: 0.8,
  },
  {
    type: 'PARTICIPATED_IN',
    from: 'person:joe-osborne',
    to: 'event:scale-ai-layoffs-2025-07',
    role: 'confirmed the layoffs',
    source: ARTICLE,
    evidence: 'He confirmed the cuts on behalf of the company.',
    confidence: 1,
  },

  // Event: the June 2025 document exposure.
  {
    type: 'AFFECTED_BY',
    from: 'org:scale-ai',
    to: 'event:scale-ai-document-exposure-2025-06',
    role: 'owner of the exposed documents',
    source: ARTICLE,
    evidence: 'Its internal files and client notes were publicly reachable.',
    confidence: 1,
  },
  {
    type: 'AFFECTED_BY',
    from: 'org:google',
    to: 'event:scale-ai-document-exposure-2025-06',
    role: 'project details exposed',
    source: ARTICLE,
    evidence: 'Files covered AI training work done for Google.',
    confidence: 1,
  },
  {
    type: 'AFFECTED_BY',
    from: 'org:meta',
    to: 'event:scale-ai-document-exposure-2025-06',
    role: 'project details exposed',
    source: ARTICLE,
    evidence: 'Files covered AI training work done for Meta.',
    confidence: 1,
  },
  {
    type: 'AFFECTED_BY',
    from: 'org:xai',
    to: 'event:scale-ai-document-exposure-2025-06',
    role: 'project details exposed',
    source: ARTICLE,
    evidence: 'Files covered AI training work done for xAI.',
    confidence: 1,
  },
  {
    type: 'AFFECTED_BY',
    from: 'project:google-gemini',
    to: 'event:scale-ai-document-exposure-2025-06',
    role: 'training prompts exposed',
    source: ARTICLE,
    evidence: 'Prompts for the chatbot were in the open files.',
    confidence: 1,
  },
  {
    type: 'AFFECTED_BY',
    from: 'project:xai-xylophone',
    to: 'event:scale-ai-document-exposure-2025-06',
    role: 'confidential project exposed',
    source: ARTICLE,
    evidence: 'The project was named in the open files.',
    confidence: 1,
  },
  {
    type: 'AFFECTED_BY',
    from: 'project:meta-chatbot',
    to: 'event:scale-ai-document-exposure-2025-06',
    role: 'audio files exposed',
    source: ARTICLE,
    evidence: 'Audio material for the chatbot was in the open files.',
    confidence: 1,
  },

  // Event: Meta's investment in Scale AI.
  {
    type: 'INITIATED',
    from: 'org:meta',
    to: 'event:meta-invests-in-scale-ai-2025-06',
    since: '2025-06-01',
    datePrecision: 'month',
    role: 'investor',
    source: ARTICLE,
    evidence: 'Meta announced the deal for the stake.',
    confidence: 1,
  },
  {
    type: 'PARTICIPATED_IN',
    from: 'org:scale-ai',
    to: 'event:meta-invests-in-scale-ai-2025-06',
    role: 'investment target',
    source: ARTICLE,
    evidence: 'Scale AI is the company Meta bought into.',
    confidence: 1,
  },

  // Event: Wang joins Meta.
  {
    type: 'INITIATED',
    from: 'org:meta',
    to: 'event:wang-joins-meta-2025-06',
    role: 'hiring company',
    source: ARTICLE,
    evidence: 'Meta brought Wang over to lead its new lab.',
    confidence: 1,
  },
  {
    type: 'INITIATED',
    from: 'person:mark-zuckerberg',
    to: 'event:wang-joins-meta-2025-06',
    role: 'drove the recruitment',
    source: ARTICLE,
    evidence: 'Zuckerberg was ready to spend billions to get Wang.',
    confidence: 0.8,
  },
  {
    type: 'PARTICIPATED_IN',
    from: 'person:alexandr-wang',
    to: 'event:wang-joins-meta-2025-06',
    role: 'hired executive',
    source: ARTICLE,
    evidence: 'Wang is the executive who moved to Meta.',
    confidence: 1,
  },

  // Event: Meta hires researchers from OpenAI.
  {
    type: 'INITIATED',
    from: 'org:meta',
    to: 'event:meta-hires-openai-researchers-2025-07',
    role: 'hiring company',
    source: ARTICLE,
    evidence: 'Meta recruited the researchers to grow its AI ambitions.',
    confidence: 1,
  },
  {
    type: 'PARTICIPATED_IN',
    from: 'person:openai-recruits-2025',
    to: 'event:meta-hires-openai-researchers-2025-07',
    role: 'hired researchers',
    source: ARTICLE,
    evidence: 'The four researchers are the new hires.',
    confidence: 1,
  },
  {
    type: 'AFFECTED_BY',
    from: 'org:openai',
    to: 'event:meta-hires-openai-researchers-2025-07',
    role: 'lost researchers',
    source: ARTICLE,
    evidence: 'The hires came from OpenAI.',
    confidence: 1,
  },
  {
    type: 'PARTICIPATED_IN',
    from: 'org:meta-superintelligence-labs',
    to: 'event:meta-hires-openai-researchers-2025-07',
    role: "the recruits' new home",
    source: ARTICLE,
    evidence: 'The recruits joined the superintelligence lab.',
    confidence: 1,
  },

  // Event reporting: which source covers which event.
  {
    type: 'REPORTS',
    from: ARTICLE,
    to: 'event:scale-ai-layoffs-2025-07',
    source: ARTICLE,
    evidence: 'The layoffs are the main subject of the article.',
    confidence: 1,
  },
  {
    type: 'REPORTS',
    from: ARTICLE,
    to: 'event:scale-ai-document-exposure-2025-06',
    source: ARTICLE,
    evidence: 'The article recaps the leak as recent context.',
    confidence: 1,
  },
  {
    type: 'REPORTS',
    from: ARTICLE,
    to: 'event:meta-invests-in-scale-ai-2025-06',
    source: ARTICLE,
    evidence: 'The article gives the deal amount and stake.',
    confidence: 1,
  },
  {
    type: 'REPORTS',
    from: ARTICLE,
    to: 'event:wang-joins-meta-2025-06',
    source: ARTICLE,
    evidence: "The article mentions Wang's move to Meta.",
    confidence: 1,
  },
  {
    type: 'REPORTS',
    from: ARTICLE,
    to: 'event:meta-hires-openai-researchers-2025-07',
    source: ARTICLE,
    evidence: 'The article closes on the OpenAI hires.',
    confidence: 1,
  },
  {
    type: 'REPORTS',
    from: 'source:document-exposure-investigation-2025-06',
    to: 'event:scale-ai-document-exposure-2025-06',
    role: 'original finding of the leak',
    source: ARTICLE,
    evidence: 'The article credits an investigation with uncovering the open files.',
    confidence: 1,
  },
  {
    type: 'REPORTS',
    from: 'source:partner-reconsideration-report-2025-07',
    to: 'event:scale-ai-document-exposure-2025-06',
    role: 'some clients reconsidering their partnerships',
    source: ARTICLE,
    evidence: 'The article cites a report on clients rethinking ties after the breach.',
    confidence: 1,
  },
];

/** Each seed relationship is one claim about its pair, so its id stays `TYPE:from->to`. */
export const seedGraph: SeedGraph = {
  entities,
  relationships: relationships.map((r) => ({ ...r, id: r.id ?? pairClaimId(r) })),
};
