/**
 * Sample posts and a discussion written for Broadsheet, with the anatomy of a real news-blog page:
 * a republished report with source, lead image and dateline; numbered comments with replies; a
 * removed comment whose number stays skipped and one kept as a tombstone; anonymous readers,
 * non-Latin text, an emoji, an insult and a link dump. All names, outlets and events are invented.
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface SamplePost {
  readonly slug: string;
  readonly title: string;
  readonly standfirst: string;
  readonly body: string;
  /** How long before "now" it was published. */
  readonly ageMs: number;
  readonly dateline?: string;
  readonly leadImage?: { url: string; caption: string; credit: string };
  readonly source?: { outlet: string; url: string; ageMs: number };
  readonly labels?: readonly string[];
}

/** A sample comment; `key` names it so replies and removals can refer to it. */
export interface SampleComment {
  readonly key: string;
  readonly replyTo?: string;
  readonly name?: string;
  readonly website?: string;
  readonly body: string;
  /** Minutes after the post was published. */
  readonly at: number;
  /** Removed by its author after posting (its replies, if any, keep it as a tombstone). */
  readonly removed?: boolean;
}

export const FLOOD_PACT: SamplePost = {
  slug: "coastal-councils-sign-joint-flood-defence-pact",
  title: "Coastal councils sign joint flood-defence pact",
  standfirst: "Five harbour towns will pool money and engineers for a shared sea wall after two winters of record storm surges.",
  ageMs: 5 * HOUR,
  dateline: "PORT ELLIS",
  labels: ["floods", "councils"],
  leadImage: {
    url: "/assets/media/sea-wall.png",
    caption: "Waves run up against the old sea wall at Port Ellis, which the councils say can no longer hold a spring tide.",
    credit: "Meridian Courier pic",
  },
  source: { outlet: "The Meridian Courier", url: "https://meridian-courier.example/news/flood-defence-pact", ageMs: 6 * HOUR },
  body: `Five coastal councils signed an agreement today to build and run a single flood barrier along forty kilometres of shoreline, ending a decade in which each town patched its own defences.

The pact, signed in the Port Ellis harbour office, commits the councils to a shared fund, a joint engineering team and a common warning system for storm surges.

“We have spent ten years arguing about whose wall the water came over,” said Marta Lindqvist, who chairs the Port Ellis council. “The sea does not read our boundaries, so neither will the barrier.”

The towns have flooded four times in two winters. In February a surge overtopped the old wall in three places, closing the coast road for nine days and cutting the ferry link to the islands.

Engineers estimate the first phase, a raised wall with pumping stations at the two river mouths, will take three years to build. The councils have not yet said how the cost will be split; a formula based on population and length of coastline is expected next month.

Not everyone is convinced. Fishermen in Saltcombe fear the new harbour gates will slow boats at low tide, and a residents’ group in Kellow Bay has asked why the plan protects the marina before the housing estate behind it.

“A wall is the easy part,” said Dr Idris Mahone, a coastal geographer at the regional university. “Deciding who is behind it, and who is not, is the political part, and that has barely started.”

The agreement also sets up a public register of flood incidents, which any resident can add to, and promises quarterly open meetings in each town.

The first public meeting is scheduled for next Thursday in the Port Ellis corn exchange.`,
};

export const OTHER_POSTS: readonly SamplePost[] = [
  {
    slug: "night-ferry-returns-to-the-islands",
    title: "Night ferry returns to the islands after two-year gap",
    standfirst: "The late crossing is back on a six-month trial, with a smaller boat and a promise to publish its passenger numbers.",
    ageMs: 1 * DAY + 3 * HOUR,
    labels: ["transport", "islands"],
    body: `The 22:40 crossing to the islands resumed last night with thirty-one passengers on board, the first late sailing since the route was cut two winters ago.

The operator says the trial will run until spring and will be judged on monthly figures, which it has agreed to publish.

Islanders who commute to evening shifts on the mainland have campaigned for the return of the service since it was withdrawn.`,
  },
  {
    slug: "library-opens-its-archive-of-harbour-photographs",
    title: "Library opens its archive of harbour photographs",
    standfirst: "Eleven thousand glass plates and negatives, some more than a century old, are being scanned and put online.",
    ageMs: 1 * DAY + 9 * HOUR,
    labels: ["history"],
    body: `The county library has begun scanning its collection of harbour photographs, most of which have never been shown in public.

Volunteers are asked to help identify the people and boats in the pictures. The first two thousand images are online now, and the library will hold a weekly drop-in session for anyone who wants to bring their own family photographs to be scanned.`,
  },
  {
    slug: "market-square-to-close-to-cars-on-saturdays",
    title: "Market square to close to cars on Saturdays",
    standfirst: "A summer experiment becomes permanent after traders reported their best takings in years.",
    ageMs: 2 * DAY + 4 * HOUR,
    labels: ["town centre", "transport"],
    body: `Cars will be kept out of the market square every Saturday from next month, making permanent an experiment that ran through the summer.

Traders' takings rose on closed Saturdays, according to figures gathered by the market association, and complaints about parking were fewer than expected.

Blue-badge holders keep access to the six spaces on Chapel Street.`,
  },
];

export const FLOOD_PACT_COMMENTS: readonly SampleComment[] = [
  { key: "1", body: "Ten years of meetings to agree that water is wet. Bravo, councillors. Truly visionary stuff.", at: 12 },
  {
    key: "1.1",
    replyTo: "1",
    body: "hahaha spot on. next they'll form a committee to study whether the tide comes in twice a day",
    at: 20,
  },
  {
    key: "2",
    name: "Rosalind Okafor",
    website: "https://rosalind-okafor.example",
    body: `I live in Kellow Bay, two streets behind the marina, and I'll say what the article only hints at.

The plan as drawn protects the boats first and the houses second. Phase one ends **exactly** at the marina wall. Our estate is phase two, "subject to funding".

> Deciding who is behind it, and who is not, is the political part

That line is the whole story. Come to the meeting on Thursday.`,
    at: 31,
  },
  { key: "3", body: "first!!!", at: 33, removed: true },
  {
    key: "4",
    body: `Will the real plan please stand up?

Last year it was a tidal lagoon. The year before, "managed retreat". Now a wall. Each time a new consultant, each time a new drawing, and each time the same people cut the ribbon.`,
    at: 48,
  },
  {
    key: "4.1",
    replyTo: "4",
    name: "harbourmaster_ret",
    body: "The lagoon was never costed properly. The wall at least has engineers' numbers behind it. Not saying it's right, but it's not the same circus.",
    at: 63,
  },
  {
    key: "4.2",
    replyTo: "4",
    name: "陈美玲",
    body: "亡羊补牢，为时未晚 — mending the pen after the sheep are lost is still not too late. Better a wall now than another winter of sandbags.",
    at: 75,
  },
  {
    key: "4.2.1",
    replyTo: "4.2",
    body: "Nice proverb, but the sheep have been lost four times already. How many more before we stop calling it 'not too late'?",
    at: 88,
  },
  {
    key: "4.2.2",
    replyTo: "4.2.1",
    name: "陈美玲",
    body: "Four times too many, agreed. That is exactly why I'd rather they start digging than start another study.",
    at: 97,
  },
  {
    key: "5",
    body: `~ ~ ~ ~ ~

THE NEWS YOU WON'T SEE ON THE COUNCIL WEBSITE

Flood money diverted to marina upgrade?? http://totally-real-news.example/marina-scandal

Our take: follow the money.

Engineers QUIT over sea wall design https://truth-tide.example/engineers-quit

Our take: they always quit right before it fails.

Council leader's brother-in-law owns concrete firm https://truth-tide.example/concrete

SHARE BEFORE THEY DELETE`,
    at: 110,
  },
  {
    key: "6",
    body: "Anyone who believes a word from these clowns deserves to get their feet wet. Muppets, the lot of them, and the idiots who vote for them.",
    at: 140,
  },
  {
    key: "6.1",
    replyTo: "6",
    body: "Calling people idiots is a strange way to win them round. Some of us voted for them because the other lot wanted to sell the harbour.",
    at: 152,
  },
  { key: "6.2", replyTo: "6", name: "Gwen P.", body: "Dry feet for everyone, idiots included 🌊🧱", at: 161 },
  { key: "7", name: "T. Marsh", body: "The barrier is a vanity project and Lindqvist knows it.", at: 170, removed: true },
  {
    key: "7.1",
    replyTo: "7",
    name: "Gwen P.",
    body: "She's the only one who turned up with sandbags in February. Say what you like about the plan, not about her.",
    at: 176,
  },
  {
    key: "8",
    name: "نور الهدى",
    body: "Saltcombe fishermen have a point about the gates. In Rotterdam the harbour gates close only in a surge; ask the engineers whether ours would work the same way.",
    at: 190,
  },
];

/**
 * Comments on the night-ferry post that go through screening as any reader's would, so a new
 * install has something in its moderation queue: one published, a link dump and an insult held.
 */
export const SCREENED_SAMPLES: readonly { readonly body: string; readonly name?: string; readonly address: string; readonly at: number }[] = [
  { body: "Good news for everyone on the late shift at the hospital. The last bus never waited for the boat anyway.", name: "Morwenna", address: "192.0.2.101", at: 40 },
  {
    body: "Great ferry!!! Cheap island holidays at https://cheap-island-deals.example/offer and https://cheap-island-deals.example/more",
    address: "192.0.2.102",
    at: 55,
  },
  { body: "Whoever runs this ferry company is a complete shithead.", name: "Angry of Kellow", address: "192.0.2.103", at: 70 },
];
