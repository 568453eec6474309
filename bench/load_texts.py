"""Deterministic, realistic-length texts for the load data set.

Pure: no database access. Texts are assembled from pools of sentences made
once per run from a seeded ``random.Random``, so a 50,000-answer set costs
seconds, not the minutes that drawing every word would take, and the same seed
always gives the same texts. The words are filler, not medical content.
"""

import random

WORDS = (
    "cause symptom sign onset child adult skin face bone muscle nerve blood "
    "test scan gene family risk rate care team dose drug plan week month year "
    "early late mild severe common rare slow fast often usually sometimes may "
    "can often pain tired sleep school work diet move walk grow heal check "
    "doctor nurse clinic expert record change level side area cell tissue "
    "joint eye ear heart lung liver kidney brain hand foot back neck chest "
    "treatment therapy surgery support advice follow review measure report "
    "pattern feature history progress stable episode trigger response outcome "
    "evidence study trial cohort register guideline specialist diagnosis"
).split()
SHORT_WORDS = [word for word in WORDS if len(word) <= 5]
HEADINGS = (
    "What is known",
    "How it starts",
    "What doctors look for",
    "Tests that help",
    "Treatment options",
    "Living with it day to day",
    "When to seek help",
    "What research says",
    "Questions to ask your team",
    "Outlook",
)
JOURNALS = (
    "Orphanet Journal of Rare Diseases",
    "American Journal of Medical Genetics",
    "European Journal of Human Genetics",
    "Journal of Rare Diseases Research",
    "Clinical Genetics",
    "BMJ Case Reports",
    "GeneReviews",
    "The Lancet Neurology",
)
QUESTION_TEMPLATES = (
    ("cause", "What is the underlying cause of {name}?"),
    ("symptoms", "What are the first signs of {name}?"),
    ("diagnosis", "How is {name} diagnosed?"),
    ("treatment", "Which treatments help with {name}?"),
    ("living_with", "Can people with {name} work and study as usual?"),
    ("other", "Is {name} inherited?"),
    ("symptoms", "Does {name} cause pain?"),
    ("treatment", "Is surgery ever needed for {name}?"),
    ("living_with", "What helps with tiredness in {name}?"),
    ("diagnosis", "Which specialist should see someone with {name}?"),
)
NAME_PARTS = (
    "Parry Romberg Hallervorden Alstrom Bardet Cockayne Dravet Ehlers Fahr "
    "Gorlin Hurler Joubert Kabuki Leigh Menkes Noonan Ollier Pfeiffer "
    "Refsum Sotos Treacher Usher Wolfram Zellweger"
).split()
EPONYM_SYLLABLES = (
    "ka lo ren mar vi tas bel dor fen gri hal jor kes lun mor nas pel quin "
    "ros sel tor ul ven wes yor zan bra cor dal el"
).split()
EPONYM_ENDINGS = ("in", "er", "an", "ov", "ez", "sen", "ard", "ley")
NAME_KINDS = ("syndrome", "disease", "dysplasia", "atrophy", "myopathy")
PARAGRAPH_POOL_SIZE = 400
TLDR_POOL_SIZE = 200
PARAGRAPHS_PER_BODY = 6
SENTENCES_PER_PARAGRAPH = 7
TLDR_MAX_CHARACTERS = 395


def _sentence(rng: random.Random, words: list[str], length: int) -> str:
    chosen = [rng.choice(words) for _ in range(length)]
    if rng.random() < 0.3:
        position = rng.randrange(length)
        chosen[position] = f"**{chosen[position]}**"
    return " ".join(chosen).capitalize() + "."


class TextPool:
    """Sentences, paragraphs and TL;DRs drawn once from a seeded generator."""

    def __init__(self, rng: random.Random):
        self.paragraphs = [
            " ".join(
                _sentence(rng, WORDS, rng.randint(11, 17))
                for _ in range(SENTENCES_PER_PARAGRAPH)
            )
            for _ in range(PARAGRAPH_POOL_SIZE)
        ]
        self.tldrs = [self._tldr(rng) for _ in range(TLDR_POOL_SIZE)]

    @staticmethod
    def _tldr(rng: random.Random) -> str:
        """About 70 short words of plain text, within the 400-character limit."""
        text = ""
        while True:
            sentence = " ".join(
                rng.choice(SHORT_WORDS) for _ in range(rng.randint(8, 14))
            )
            candidate = f"{text} {sentence.capitalize()}.".strip()
            if len(candidate) > TLDR_MAX_CHARACTERS:
                return text
            text = candidate

    def body_blocks(self, rng: random.Random) -> list[str]:
        """The markdown blocks of one body: headings and paragraphs, ~600 words."""
        headings = rng.sample(HEADINGS, 3)
        paragraphs = [rng.randrange(len(self.paragraphs)) for _ in range(6)]
        blocks = []
        for number, paragraph in enumerate(paragraphs):
            if number % 2 == 0:
                blocks.append(f"## {headings[number // 2]}")
            blocks.append(self.paragraphs[paragraph])
        return blocks

    def edited_blocks(self, rng: random.Random, blocks: list[str]) -> list[str]:
        """The blocks after one editorial change: a paragraph rewritten."""
        paragraph_positions = [i for i, block in enumerate(blocks) if block[0] != "#"]
        edited = list(blocks)
        edited[rng.choice(paragraph_positions)] = rng.choice(self.paragraphs)
        return edited

    def tldr(self, rng: random.Random) -> str:
        return rng.choice(self.tldrs)


def condition_name(rng: random.Random, number: int) -> str:
    """A made-up condition name, unique through its number.

    Like real rare conditions, each has its own eponym: a search for one
    condition's name finds that condition's answers, not a share of all of
    them. Numbers beyond the eponyms' range also carry their number.
    """
    first = EPONYM_SYLLABLES[number % len(EPONYM_SYLLABLES)]
    rest = number // len(EPONYM_SYLLABLES)
    second = EPONYM_SYLLABLES[rest % len(EPONYM_SYLLABLES)]
    rest //= len(EPONYM_SYLLABLES)
    ending = EPONYM_ENDINGS[(rest + number) % len(EPONYM_ENDINGS)]
    name = f"{(first + second + ending).capitalize()} {rng.choice(NAME_KINDS)}"
    if rest >= len(EPONYM_ENDINGS):
        name = f"{name} type {number}"
    return name


def references(rng: random.Random, *, count: int) -> list[dict]:
    """``count`` plausible references, as the fingerprint and live copy take them."""
    made = []
    for _ in range(count):
        year = rng.randint(1995, 2025)
        serial = rng.randint(1000, 99999)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12)))
        made.append(
            {
                "title": title.capitalize(),
                "source": rng.choice(JOURNALS),
                "year": year,
                "url": f"https://doi.org/10.1000/load.{year}.{serial}",
                "doi": f"10.1000/load.{year}.{serial}",
                "pmid": str(rng.randint(10000000, 39999999)),
            }
        )
    return made


def experience_text(rng: random.Random) -> str:
    """A first-person experience of a few sentences (well over 50 characters)."""
    sentences = [
        _sentence(rng, WORDS, rng.randint(8, 14)).replace("**", "")
        for _ in range(rng.randint(2, 6))
    ]
    return "In my experience: " + " ".join(sentences)
