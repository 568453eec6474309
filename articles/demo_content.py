"""The demo content that ``manage.py seed_demo`` loads.

All text here was written for this project, in plain language, for a demo: it
is not medical advice and the reviewers are fictional (so are their
registrations). Each question carries a
``history``: the workflow steps that bring its answer to its demo state, each
with how many days ago it happened, so that dates on the site look lived-in.
"""

ORPHANET = {"source": "Orphanet", "url": "https://www.orpha.net/"}
MEDLINEPLUS = {
    "source": "MedlinePlus Genetics",
    "url": "https://medlineplus.gov/genetics/",
}
NORD = {
    "source": "National Organization for Rare Disorders (NORD)",
    "url": "https://rarediseases.org/",
}

USERS = [
    {
        "key": "editor",
        "username": "editor",
        "first_name": "Esther",
        "last_name": "Mbeki",
        "group": "Editors",
        "is_staff": True,
    },
    {
        "key": "reviewer",
        "username": "reviewer",
        "first_name": "Amara",
        "last_name": "Osei",
        "group": "Medical reviewers",
        "is_staff": True,
        "profile": {
            "full_name": "Dr Amara Osei",
            "credentials": "MD, PhD",
            "specialty": "Clinical genetics",
            "bio": (
                "A fictional reviewer created for the DiseaseMaps demo. Dr Osei is "
                "described as a clinical geneticist who looks after families with "
                "inherited connective tissue conditions."
            ),
            "disclosures": "None declared.",
            "slug": "amara-osei",
        },
        "registration": {
            "body": "General Medical Council",
            "country": "United Kingdom",
            "number": "DEMO-0001",
            "verified_days_ago": 1400,
            "valid_for_days": 300,
        },
    },
    {
        "key": "reviewer2",
        "username": "reviewer2",
        "first_name": "Jonas",
        "last_name": "Lindqvist",
        "group": "Medical reviewers",
        "is_staff": True,
        "profile": {
            "full_name": "Dr Jonas Lindqvist",
            "credentials": "MD",
            "specialty": "Paediatric rheumatology",
            "bio": (
                "A fictional reviewer created for the DiseaseMaps demo. Dr Lindqvist "
                "is described as a paediatric rheumatologist with an interest in "
                "localised scleroderma."
            ),
            "disclosures": (
                "Fictional example: has received travel support from a patient "
                "organisation to speak at a family conference."
            ),
            "slug": "jonas-lindqvist",
        },
        # Runs out within 30 days: ``check_reviews`` warns of it.
        "registration": {
            "body": "Swedish National Board of Health and Welfare",
            "country": "Sweden",
            "number": "DEMO-0002",
            "verified_days_ago": 1400,
            "valid_for_days": 20,
        },
    },
    {
        "key": "managing_editor",
        "username": "managing-editor",
        "first_name": "Priya",
        "last_name": "Raman",
        "group": "Managing editors",
        "is_staff": True,
    },
    {
        "key": "member",
        "username": "member",
        "first_name": "Sam",
        "last_name": "Okoro",
        "group": "Members",
        "is_staff": False,
    },
]

PARRY_ROMBERG = {
    "name": "Parry-Romberg syndrome",
    "slug": "parry-romberg-syndrome",
    "other_names": (
        "Progressive hemifacial atrophy\n"
        "Progressive facial hemiatrophy\n"
        "Romberg syndrome"
    ),
    "icd10_code": "G51.8",
    "orpha_code": "",
    "extra_disclaimer": "",
    "review_interval_months": None,
    "summary": (
        "Parry-Romberg syndrome is a rare condition in which the skin and the "
        "tissues beneath it (fat, muscle and sometimes bone) slowly shrink on one "
        "side of the face. It usually begins in childhood or the teenage years, "
        "changes over several years and then tends to settle.\n\n"
        "Many doctors consider it closely related to *linear morphoea*, a "
        "localised form of scleroderma that can affect the forehead and scalp."
    ),
    "questions": [
        {
            "slug": "what-causes-parry-romberg-syndrome",
            "text": "What causes Parry-Romberg syndrome?",
            "topic": "cause",
            "reviewer": "reviewer2",
            # Published three times (the third a correction of a factual
            # error), re-certified about 18 months ago and not since: the
            # demo's overdue review, with a full public review history.
            "history": [
                ("write", 1300),
                ("submit", 1299),
                ("approve", 1297),
                ("publish", 1296),
                ("amend", 1100),
                ("submit", 1099),
                ("approve", 1097),
                ("publish", 1096),
                ("amend", 900),
                ("submit", 899),
                ("approve", 897),
                ("publish_correction", 896),
                ("recertify", 560),
            ],
            # Applied in order by the "amend" steps, each after a publication.
            "amendments": [
                {
                    "extra_body": (
                        "\n\n## Does it run its course?\n\n"
                        "In most people the changes slow down and stop after some "
                        "years. Treatment aims to calm the condition while it is "
                        "active and to restore the face once it has settled."
                    ),
                    "change_note": (
                        "Added a section on how the condition usually runs its course."
                    ),
                },
                {
                    "extra_body": (
                        "\n\nThe active phase usually lasts between two and ten "
                        "years, most often around five."
                    ),
                    "change_note": (
                        "Corrected how long the active phase usually lasts: the "
                        "earlier text gave too short a range."
                    ),
                },
            ],
            "answer": {
                "tldr": (
                    "Nobody yet knows exactly what causes Parry-Romberg syndrome. The "
                    "leading idea is that the immune system inflames the tissues of "
                    "one side of the face, as in localised scleroderma. It is not "
                    "caused by anything a parent or the person did, and it rarely "
                    "affects more than one person in a family."
                ),
                "body": (
                    "The exact cause of Parry-Romberg syndrome is still unknown. "
                    "Researchers have several ideas, and each may explain part of the "
                    "picture.\n\n"
                    "**Inflammation driven by the immune system.** Many specialists "
                    "think the condition is closely related to *linear morphoea*, a "
                    "localised form of scleroderma in which inflammation leads to "
                    "thinning and scarring of the skin and the tissues below it. Some "
                    "people have features of both conditions at once, and tissue "
                    "samples taken early on can show signs of inflammation.\n\n"
                    "**Nerves and blood vessels.** Older theories pointed to a problem "
                    "in the nerves that control blood flow to the face, or in the "
                    "small blood vessels themselves. These ideas would explain why the "
                    "changes follow one side of the face, but they have not been "
                    "proven.\n\n"
                    "**Injury or infection.** Some people remember a knock to the face "
                    "or an infection shortly before the changes began. That does not "
                    "show that the injury caused the condition, and most people with "
                    "Parry-Romberg syndrome have no such history.\n\n"
                    "## Is it inherited?\n\n"
                    "Parry-Romberg syndrome almost always occurs in just one person in "
                    "a family. It is not known to be passed on in a predictable way. "
                    "If you have questions about your own family, your specialist or a "
                    "genetic counsellor can talk them through with you."
                ),
                "references": [
                    {
                        "title": "Progressive hemifacial atrophy: a review",
                        "source": "Orphanet Journal of Rare Diseases",
                        "year": 2015,
                    },
                    {"title": "Progressive hemifacial atrophy", **ORPHANET},
                ],
            },
        },
        {
            "slug": "first-signs-of-parry-romberg-syndrome",
            "text": "What are the first signs of Parry-Romberg syndrome?",
            "topic": "symptoms",
            "reviewer": "reviewer",
            # Published over a year ago and re-certified recently: "last
            # reviewed" is recent while "last updated" stays old.
            "history": [
                ("write", 405),
                ("submit", 404),
                ("approve", 401),
                ("publish", 400),
                ("recertify", 21),
            ],
            "answer": {
                "tldr": (
                    "It often begins with a small patch of skin on one side of the "
                    "face that changes colour or feels firmer, or with a slight "
                    "hollowing of the cheek. The changes appear slowly, over months, "
                    "and are easy to miss or to mistake for something else at first."
                ),
                "body": (
                    "The first changes are usually small and appear gradually. People "
                    "and families commonly notice one or more of these:\n\n"
                    "- a patch of skin on a cheek, the forehead or beside the nose "
                    "that becomes lighter, darker or bluish, or feels tighter than the "
                    "skin around it;\n"
                    "- a slight hollow or flattening of one cheek or temple, as the "
                    "fat under the skin thins;\n"
                    "- a line or groove on the forehead or scalp, sometimes with hair "
                    "loss along it;\n"
                    "- thinning of an eyebrow or of the eyelashes on one side.\n\n"
                    "Over the following years the hollowing can deepen and spread, and "
                    "muscle, cartilage and bone may become involved. In many people "
                    "the changes slow down and stop after a period of active disease, "
                    "often lasting several years, but the course differs a great deal "
                    "from one person to another.\n\n"
                    "## Signs beyond the skin\n\n"
                    "Some people also have headaches, facial pain, changes in the eye "
                    "on the affected side, or problems with the teeth and jaw. Less "
                    "often the brain is involved and seizures can occur. These are "
                    "reasons to see a doctor promptly rather than wait.\n\n"
                    "If you notice changes like these, especially in a child, ask a "
                    "doctor to look at them. Photographs taken in the same light and "
                    "position every few months are one of the best ways to show "
                    "whether the changes are progressing."
                ),
                "references": [
                    {"title": "Progressive hemifacial atrophy", **ORPHANET},
                    {"title": "Parry Romberg syndrome", **NORD},
                ],
            },
        },
        {
            "slug": "how-is-parry-romberg-syndrome-diagnosed",
            "text": "How is Parry-Romberg syndrome diagnosed?",
            "topic": "diagnosis",
            "reviewer": "reviewer2",
            # Live since four months ago; an editor is now revising the text,
            # so the working copy is a draft while the public page is unchanged.
            "history": [
                ("write", 125),
                ("submit", 124),
                ("approve", 122),
                ("publish", 121),
                ("revise", 1),
            ],
            "answer": {
                "tldr": (
                    "There is no single test. A specialist, often a dermatologist or "
                    "rheumatologist, makes the diagnosis from the pattern of changes "
                    "on one side of the face and how they develop over time. Scans, "
                    "blood tests and eye checks help rule out other causes and show "
                    "which tissues are involved."
                ),
                "body": (
                    "Parry-Romberg syndrome is diagnosed clinically: a specialist "
                    "examines the face, asks how the changes began and how they have "
                    "developed, and compares photographs over time. Dermatologists and "
                    "rheumatologists (for children, paediatric rheumatologists) most "
                    "often make the diagnosis.\n\n"
                    "Tests support the diagnosis and show how far the condition "
                    "reaches:\n\n"
                    "- **Imaging.** An MRI scan shows which layers of the face are "
                    "affected. Some specialists also arrange a brain MRI, because a "
                    "small number of people have changes there.\n"
                    "- **Blood tests.** No blood test proves the diagnosis, but tests "
                    "can look for inflammation or related autoimmune conditions.\n"
                    "- **Skin biopsy.** A small skin sample is sometimes taken, "
                    "especially when the skin is firm or scar-like.\n"
                    "- **Eye and dental checks.** The eye and the teeth on the "
                    "affected side can be involved, so both are usually checked early "
                    "on.\n\n"
                    "Other conditions can also make one side of the face look thinner, "
                    "including some injuries and conditions present from birth. Ruling "
                    "these out is part of the assessment, which is one reason the "
                    "diagnosis can take time."
                ),
                "references": [
                    {
                        "title": "Progressive hemifacial atrophy: a review",
                        "source": "Orphanet Journal of Rare Diseases",
                        "year": 2015,
                    },
                    {"title": "Parry Romberg syndrome", **NORD},
                ],
            },
            "revision": {
                "tldr": (
                    "There is no single test. A specialist makes the diagnosis from "
                    "the pattern of changes on one side of the face and how they "
                    "develop over time. Scans, blood tests and eye checks rule out "
                    "other causes and show which tissues are involved; regular reviews "
                    "then track whether the condition is still active."
                ),
                "extra_body": (
                    "\n\n## After the diagnosis\n\n"
                    "Follow-up visits check whether the condition is still active. "
                    "Measurements, standardised photographs and sometimes repeat scans "
                    "help the team decide whether treatment to calm inflammation is "
                    "needed, and when reconstructive treatment could be planned."
                ),
            },
        },
        {
            "slug": "treatments-for-parry-romberg-syndrome",
            "text": "What treatments are available for Parry-Romberg syndrome?",
            "topic": "treatment",
            "reviewer": "reviewer2",
            # Submitted by the managing editor, assigned to one reviewer.
            "history": [("write", 9), ("assign", 3)],
            "answer": {
                "tldr": (
                    "Treatment has two stages. While the condition is active, doctors "
                    "may use medicines that calm the immune system to try to slow it. "
                    "Once it has been stable for a while, reconstructive treatments "
                    "such as fat grafting or surgery can restore the shape of the face."
                ),
                "body": (
                    "Treatment depends on whether the condition is still active and on "
                    "which tissues are involved.\n\n"
                    "**While the condition is active.** If there are signs of ongoing "
                    "inflammation, doctors may recommend medicines that damp down the "
                    "immune system. Methotrexate, sometimes with a short course of a "
                    "corticosteroid at the start, is the one most often used, based on "
                    "experience in localised scleroderma. The aim is to slow or stop "
                    "further tissue loss; these medicines do not restore tissue "
                    "already lost, and they need regular blood tests.\n\n"
                    "**Once it is stable.** Reconstructive treatment is usually "
                    "planned after a period in which the face has not changed. Options "
                    "include fat grafting (moving a person's own fat to the face), "
                    "fillers for small areas, and operations that move tissue or "
                    "rebuild bone. More than one procedure may be needed over the "
                    "years.\n\n"
                    "**Other care.** Eye, dental and orthodontic care, treatment for "
                    "headaches or facial pain, and psychological support are all part "
                    "of good care.\n\n"
                    "Which treatment is right, and when, is a decision to make with "
                    "your specialist team."
                ),
                "references": [
                    {
                        "title": "Progressive hemifacial atrophy: a review",
                        "source": "Orphanet Journal of Rare Diseases",
                        "year": 2015,
                    },
                    {"title": "Progressive hemifacial atrophy", **ORPHANET},
                    {"title": "Parry Romberg syndrome", **NORD},
                ],
            },
        },
        {
            "slug": "does-parry-romberg-syndrome-affect-the-eyes",
            "text": "Does Parry-Romberg syndrome affect the eyes?",
            "topic": "symptoms",
            "reviewer": "reviewer",
            "history": [("write", 2)],
            "answer": {
                "tldr": (
                    "It can. The eye on the affected side may look sunken as the fat "
                    "around it thins, and less often there is inflammation inside the "
                    "eye or a change in the eyelids. Regular eye checks are advised, "
                    "even when sight seems normal."
                ),
                "body": (
                    "The eye and the tissues around it can be affected in several "
                    "ways.\n\n"
                    "The most common change is *enophthalmos*: the eye sits deeper in "
                    "its socket because the fat around it has thinned. This changes "
                    "how the eye looks but does not usually affect sight on its "
                    "own.\n\n"
                    "Less often, people develop inflammation inside the eye (uveitis), "
                    "changes to the eyelids or lashes, or problems with the muscles "
                    "that move the eye, which can cause double vision.\n\n"
                    "Some of these problems cause few symptoms at first, so an eye "
                    "specialist usually checks the eyes at diagnosis and then at "
                    "intervals. See a doctor promptly about a red or painful eye, "
                    "blurred vision or double vision."
                ),
                "references": [{"title": "Progressive hemifacial atrophy", **ORPHANET}],
            },
        },
    ],
}

HYPERMOBILE_EDS = {
    "name": "Hypermobile Ehlers-Danlos syndrome",
    "slug": "hypermobile-ehlers-danlos-syndrome",
    "other_names": (
        "hEDS\n"
        "Ehlers-Danlos syndrome, hypermobility type\n"
        "Ehlers-Danlos syndrome type III"
    ),
    "icd10_code": "Q79.6",
    "orpha_code": "ORPHA:285",
    "extra_disclaimer": "",
    "review_interval_months": None,
    "summary": (
        "Hypermobile Ehlers-Danlos syndrome (hEDS) is the most common of the "
        "Ehlers-Danlos syndromes, a group of conditions that affect connective "
        "tissue: the material that supports the skin, joints, blood vessels and "
        "organs.\n\n"
        "People with hEDS have joints that move further than usual, which can lead "
        "to joint instability, pain and fatigue. Unlike most other types of EDS, no "
        "gene has yet been found for hEDS, so it is diagnosed from a set of "
        "clinical criteria."
    ),
    "questions": [
        {
            "slug": "what-causes-hypermobile-eds",
            "text": "What causes hypermobile Ehlers-Danlos syndrome?",
            "topic": "cause",
            "reviewer": "reviewer",
            "history": [
                ("write", 95),
                ("submit", 94),
                ("approve", 92),
                ("publish", 91),
            ],
            "answer": {
                "tldr": (
                    "hEDS is an inherited difference in connective tissue, the body's "
                    "supporting material. It often runs in families, but the genes "
                    "involved have not been identified yet, which is why there is no "
                    "genetic test for it. It is not caused by injury, lifestyle or "
                    "anything a person did."
                ),
                "body": (
                    "Connective tissue holds the body together: it gives skin its "
                    "strength and stretch and helps keep joints stable. In the "
                    "Ehlers-Danlos syndromes, differences in how this tissue is built "
                    "make it looser or more fragile than usual.\n\n"
                    "For most types of EDS, scientists know which gene is involved "
                    "(often one that helps build collagen) and a genetic test can "
                    "confirm the diagnosis. Hypermobile EDS is different: despite a "
                    "lot of research, no single gene has been found. Several genes may "
                    "be involved, possibly different ones in different families.\n\n"
                    "hEDS often runs in families, usually in an *autosomal dominant* "
                    "pattern: a parent with hEDS has a 1 in 2 chance of passing it on "
                    "to each child. How strongly it affects someone varies a lot, even "
                    "within one family.\n\n"
                    "Because there is no gene test, a doctor diagnoses hEDS using the "
                    "2017 international criteria, after ruling out other conditions "
                    "that can look similar."
                ),
                "references": [
                    {
                        "title": (
                            "The 2017 international classification of the "
                            "Ehlers-Danlos syndromes"
                        ),
                        "source": "American Journal of Medical Genetics Part C",
                        "year": 2017,
                    },
                    {"title": "Ehlers-Danlos syndrome", **MEDLINEPLUS},
                ],
            },
        },
        {
            "slug": "how-is-hypermobile-eds-diagnosed",
            "text": "How is hypermobile Ehlers-Danlos syndrome diagnosed?",
            "topic": "diagnosis",
            "reviewer": "reviewer",
            "history": [
                ("write", 64),
                ("submit", 63),
                ("approve", 60),
                ("publish", 59),
            ],
            "answer": {
                "tldr": (
                    "A doctor uses the 2017 international criteria: widespread joint "
                    "hypermobility, a set of other body features or a family history, "
                    "and ruling out conditions that look similar. There is no blood or "
                    "genetic test for hEDS itself, though genetic tests may be used to "
                    "exclude other types of EDS."
                ),
                "body": (
                    "The diagnosis rests on a careful examination and history. The "
                    "2017 international criteria have three parts, and all three must "
                    "be met:\n\n"
                    "1. **Generalised joint hypermobility**, usually measured with the "
                    "Beighton score: a short set of movements of the fingers, thumbs, "
                    "elbows, knees and spine. The threshold depends on age.\n"
                    "2. **Other features**, such as soft or slightly stretchy skin, "
                    "unusual scars or stretch marks, a close relative with hEDS, or "
                    "long-standing joint pain or repeated dislocations.\n"
                    "3. **No better explanation.** Other conditions with loose joints, "
                    "such as other types of EDS, Marfan syndrome and some autoimmune "
                    "conditions, have to be considered and excluded.\n\n"
                    "Many people have flexible joints without having hEDS. Someone "
                    "with symptomatic hypermobility who does not meet the full "
                    "criteria may be diagnosed with *hypermobility spectrum disorder* "
                    "(HSD). Their symptoms, and the support they need, can be just as "
                    "real.\n\n"
                    "Genetic testing is not used to diagnose hEDS, but a doctor may "
                    "suggest it when signs point to another type of EDS, for example "
                    "skin that splits easily or problems with blood vessels."
                ),
                "references": [
                    {
                        "title": (
                            "The 2017 international classification of the "
                            "Ehlers-Danlos syndromes"
                        ),
                        "source": "American Journal of Medical Genetics Part C",
                        "year": 2017,
                    },
                    {
                        "title": (
                            "A framework for the classification of joint hypermobility "
                            "and related conditions"
                        ),
                        "source": "American Journal of Medical Genetics Part C",
                        "year": 2017,
                    },
                    {"title": "Ehlers-Danlos syndrome, hypermobility type", **ORPHANET},
                ],
            },
        },
        {
            "slug": "is-hypermobile-eds-inherited",
            "text": "Can I pass hypermobile Ehlers-Danlos syndrome on to my children?",
            "topic": "cause",
            "reviewer": "reviewer2",
            "history": [("write", 12), ("submit", 11), ("request_changes", 6)],
            "review_comment": (
                "The inheritance pattern is right. Please add that how severely a "
                "child is affected cannot be predicted from the parent, and say a word "
                "about care during pregnancy for a parent with hEDS. One reference is "
                "thin for this topic: add the 2017 classification."
            ),
            "answer": {
                "tldr": (
                    "Often, yes. hEDS usually runs in families, and each child of a "
                    "parent with hEDS has about a 1 in 2 chance of inheriting it."
                ),
                "body": (
                    "hEDS usually follows an autosomal dominant pattern. Each child of "
                    "a parent with hEDS has about a 1 in 2 chance of inheriting it, "
                    "whatever the child's sex.\n\n"
                    "Because no gene has been identified, there is no test before or "
                    "during pregnancy that can show whether a baby has inherited "
                    "hEDS.\n\n"
                    "If you are planning a family, ask your doctor about a referral to "
                    "a genetics service to talk it through."
                ),
                "references": [{"title": "Ehlers-Danlos syndrome", **MEDLINEPLUS}],
            },
        },
        {
            "slug": "joint-pain-in-hypermobile-eds",
            "text": (
                "What can help with joint pain in hypermobile Ehlers-Danlos syndrome?"
            ),
            "topic": "treatment",
            "reviewer": "reviewer",
            "history": [("write", 8), ("submit", 7), ("approve", 4)],
            "answer": {
                "tldr": (
                    "There is no cure, but a combination of approaches helps many "
                    "people: physiotherapy that builds strength and joint control, "
                    "pacing of activity, good sleep, and careful use of pain "
                    "medicines. A team that understands hypermobility can tailor these "
                    "to you."
                ),
                "body": (
                    "Pain in hEDS has several sources: joints that move too far or "
                    "partly dislocate, muscles working hard to stabilise them, and, "
                    "over time, changes in how the nervous system handles pain "
                    "signals. Good care addresses all of these.\n\n"
                    "**Physiotherapy** is the cornerstone. A physiotherapist who knows "
                    "hypermobility can design a gradual programme to build strength, "
                    "improve balance and sharpen your sense of where your joints are. "
                    "Progress is often slow, and starting gently helps avoid "
                    "flare-ups.\n\n"
                    "**Pacing** means spreading activity across the day and the week "
                    "rather than doing a lot on good days and paying for it "
                    "afterwards. An occupational therapist can suggest splints, "
                    "supports or aids for particular tasks.\n\n"
                    "**Medicines** can help, but none is specific to hEDS. Simple "
                    "painkillers are usually tried first. Strong opioid painkillers "
                    "are generally not recommended for long-term pain, because their "
                    "risks tend to outweigh their benefits. Agree any plan with your "
                    "doctor.\n\n"
                    "**Sleep, mood and fatigue** are closely linked to pain. Treating "
                    "poor sleep, and pain-management programmes, can make a real "
                    "difference: not because the pain is imagined, but because they "
                    "change how the body processes pain."
                ),
                "references": [
                    {
                        "title": (
                            "Hypermobile Ehlers-Danlos syndrome: clinical description "
                            "and natural history"
                        ),
                        "source": "American Journal of Medical Genetics Part C",
                        "year": 2017,
                    },
                    {"title": "Ehlers-Danlos syndrome, hypermobility type", **ORPHANET},
                ],
            },
        },
        {
            "slug": "exercise-with-hypermobile-eds",
            "text": "Is it safe to exercise with hypermobile Ehlers-Danlos syndrome?",
            "topic": "living_with",
            "reviewer": "reviewer",
            "history": [("write", 0)],
            "answer": {
                "tldr": (
                    "For most people, yes: regular exercise is one of the most useful "
                    "things you can do. Build up slowly, favour control over range, "
                    "and choose activities that do not push joints to their limits. A "
                    "physiotherapist can help you start."
                ),
                "body": (
                    "Exercise strengthens the muscles that support loose joints, and "
                    "stronger muscles mean fewer partial dislocations and less pain "
                    "for many people.\n\n"
                    "Low-impact activities such as swimming, cycling, walking and "
                    "Pilates are often well tolerated. Activities that take joints to "
                    "the end of their range, or involve collisions, may raise the risk "
                    "of injury: talk them over with your team.\n\n"
                    "Start at a level that feels easy and increase slowly. Some muscle "
                    "soreness is normal; sharp joint pain, swelling or a joint giving "
                    "way are signs to stop and get advice."
                ),
                "references": [
                    {"title": "Ehlers-Danlos syndrome, hypermobility type", **ORPHANET}
                ],
            },
        },
    ],
}

MARFAN = {
    "name": "Marfan syndrome",
    "slug": "marfan-syndrome",
    "other_names": "Marfan's syndrome\nMFS",
    "icd10_code": "Q87.4",
    "orpha_code": "ORPHA:558",
    "extra_disclaimer": (
        "Sudden, severe pain in the chest, back or abdomen can be a sign of a tear "
        "in the aorta (aortic dissection). If it happens, call emergency services "
        "at once and say that you have Marfan syndrome."
    ),
    "review_interval_months": None,
    "summary": (
        "Marfan syndrome is an inherited condition of connective tissue that can "
        "affect the heart and blood vessels, the eyes and the skeleton. Many people "
        "with Marfan syndrome are tall, with long limbs and fingers.\n\n"
        "The most serious risk is widening of the aorta, the main artery leaving the "
        "heart, which is why regular heart checks are central to care. With "
        "monitoring and treatment, most people with Marfan syndrome can now expect "
        "a near-normal lifespan."
    ),
    "questions": [
        {
            "slug": "what-causes-marfan-syndrome",
            "text": "What causes Marfan syndrome?",
            "topic": "cause",
            "reviewer": "reviewer",
            "history": [
                ("write", 210),
                ("submit", 209),
                ("approve", 206),
                ("publish", 205),
            ],
            "answer": {
                "tldr": (
                    "Marfan syndrome is caused by a change in the FBN1 gene, which "
                    "holds the instructions for fibrillin-1, a protein that gives "
                    "connective tissue its strength and elasticity. Most people "
                    "inherit it from a parent; about one in four have a new change "
                    "that neither parent carries."
                ),
                "body": (
                    "Fibrillin-1 forms tiny fibres that act as scaffolding in "
                    "connective tissue, especially in the wall of the aorta, the "
                    "ligaments that hold the lens of the eye, and the tissues around "
                    "joints. It also helps control growth signals in these tissues.\n\n"
                    "A change (variant) in the *FBN1* gene means less fibrillin-1 is "
                    "made, or that it works less well. Tissues then stretch more "
                    "easily and growth signals are less well controlled, which "
                    "explains many features of the condition.\n\n"
                    "## How it is passed on\n\n"
                    "Marfan syndrome is *autosomal dominant*: one changed copy of the "
                    "gene is enough to cause it. A parent with Marfan syndrome has a 1 "
                    "in 2 chance of passing it on to each child. About a quarter of "
                    "people with Marfan syndrome are the first in their family, "
                    "because the change arose new in them.\n\n"
                    "Features vary widely, even between relatives who share the same "
                    "change. When the change in a family is known, relatives can be "
                    "offered a genetic test."
                ),
                "references": [
                    {
                        "title": "The revised Ghent nosology for the Marfan syndrome",
                        "source": "Journal of Medical Genetics",
                        "year": 2010,
                    },
                    {"title": "Marfan syndrome", **MEDLINEPLUS},
                ],
            },
        },
        {
            "slug": "heart-checks-in-marfan-syndrome",
            "text": "Why do people with Marfan syndrome need regular heart checks?",
            "topic": "living_with",
            "reviewer": "reviewer2",
            "history": [
                ("write", 35),
                ("submit", 34),
                ("approve", 31),
                ("publish", 30),
            ],
            "answer": {
                "kind_label": "In depth",
                "tldr": (
                    "In Marfan syndrome the aorta, the body's main artery, can slowly "
                    "widen, and a widened aorta can tear, which is an emergency. "
                    "Regular scans track its size so that medicines and, when needed, "
                    "planned surgery can be used in good time to prevent a tear."
                ),
                "body": (
                    "The aorta carries blood from the heart to the rest of the body. "
                    "In Marfan syndrome its wall is weaker than usual, and the part "
                    "closest to the heart (the aortic root) tends to widen over "
                    "time.\n\n"
                    "## What the checks involve\n\n"
                    "An echocardiogram (an ultrasound scan of the heart) measures the "
                    "aortic root, usually at least once a year, and more often if it "
                    "is growing. MRI or CT scans show the rest of the aorta. The scans "
                    "also check the heart valves, since a floppy mitral valve is "
                    "common in Marfan syndrome.\n\n"
                    "## Why they matter\n\n"
                    "- **Medicines** such as beta-blockers or angiotensin receptor "
                    "blockers can slow the widening.\n"
                    "- **Planned surgery** to replace the widened section, done before "
                    "it reaches a risky size, is far safer than emergency surgery "
                    "after a tear.\n"
                    "- **Everyday advice**, for example about which sports and "
                    "activities suit you, depends on the size of your aorta.\n\n"
                    "Sudden, severe pain in the chest, back or abdomen needs emergency "
                    "care straight away."
                ),
                "references": [
                    {
                        "title": "The revised Ghent nosology for the Marfan syndrome",
                        "source": "Journal of Medical Genetics",
                        "year": 2010,
                    },
                    {"title": "Marfan syndrome", **ORPHANET},
                    {"title": "Marfan syndrome", **MEDLINEPLUS},
                ],
            },
        },
        {
            "slug": "marfan-syndrome-and-the-eyes",
            "text": "How does Marfan syndrome affect the eyes?",
            "topic": "symptoms",
            "reviewer": "reviewer",
            "history": [("write", 5), ("submit", 4)],
            "answer": {
                "tldr": (
                    "The typical change is a shift of the lens from its usual place "
                    "(ectopia lentis), found in more than half of people with Marfan "
                    "syndrome. Short sight is common, and the risk of retinal "
                    "detachment, glaucoma and early cataract is higher. Yearly eye "
                    "checks catch problems early."
                ),
                "body": (
                    "The lens of the eye is held in place by fine fibres that contain "
                    "fibrillin-1. In Marfan syndrome these fibres can be stretched or "
                    "weak, so the lens may move out of its usual position. This is "
                    "called *ectopia lentis* and is one of the main features used to "
                    "make the diagnosis.\n\n"
                    "Other eye problems are more common too: short sight (myopia), "
                    "often from childhood; a detached retina; glaucoma; and cataract "
                    "at a younger age than usual.\n\n"
                    "Glasses or contact lenses correct most vision problems, and "
                    "surgery can help when the lens position seriously affects sight. "
                    "A sudden shower of floaters, flashes of light or a shadow across "
                    "your vision can mean a retinal detachment and needs same-day "
                    "care."
                ),
                "references": [
                    {
                        "title": "The revised Ghent nosology for the Marfan syndrome",
                        "source": "Journal of Medical Genetics",
                        "year": 2010,
                    },
                    {"title": "Marfan syndrome", **MEDLINEPLUS},
                ],
            },
        },
        {
            "slug": "pregnancy-and-marfan-syndrome",
            "text": "What should I know about pregnancy with Marfan syndrome?",
            "topic": "living_with",
            "reviewer": "reviewer2",
            "history": [("write", 3)],
            "answer": {
                "tldr": (
                    "Many women with Marfan syndrome have healthy pregnancies, but "
                    "pregnancy puts extra strain on the aorta. Planning with a "
                    "cardiologist and an obstetrician before trying for a baby, and "
                    "close monitoring during and after pregnancy, make it safer."
                ),
                "body": (
                    "During pregnancy the heart pumps more blood and hormones soften "
                    "connective tissue, so the aorta is under extra strain. The risk "
                    "is higher when the aorta is already widened.\n\n"
                    "**Before pregnancy**, a scan of the aorta helps your team "
                    "estimate the risk. Some heart medicines are not used in "
                    "pregnancy, so your treatment may need to change first; do not "
                    "stop a medicine without advice.\n\n"
                    "**During and after pregnancy**, regular heart scans and care in a "
                    "centre experienced with Marfan syndrome are recommended, and the "
                    "team will plan the birth with you. Checks continue in the months "
                    "after birth.\n\n"
                    "Each child has a 1 in 2 chance of inheriting Marfan syndrome; a "
                    "genetics service can explain the options."
                ),
                "references": [
                    {
                        "title": (
                            "ESC Guidelines for the management of cardiovascular "
                            "diseases during pregnancy"
                        ),
                        "source": "European Heart Journal",
                        "year": 2018,
                    }
                ],
            },
        },
    ],
}

FOP = {
    "name": "Fibrodysplasia ossificans progressiva",
    "slug": "fibrodysplasia-ossificans-progressiva",
    "other_names": "FOP\nMyositis ossificans progressiva",
    "icd10_code": "M61.1",
    "orpha_code": "ORPHA:337",
    "extra_disclaimer": "",
    # Treatment options are changing quickly, so answers are reviewed twice a year.
    "review_interval_months": 6,
    "summary": (
        "Fibrodysplasia ossificans progressiva (FOP) is a very rare genetic "
        "condition in which muscles, tendons and ligaments gradually turn into bone, "
        "often after episodes of painful swelling called flare-ups. Short big toes "
        "that bend towards the other toes, present from birth, are a typical early "
        "sign."
    ),
    "questions": [
        {
            "slug": "injections-and-biopsies-in-fop",
            "text": "Why should people with FOP avoid injections into muscle?",
            "topic": "living_with",
            "reviewer": "reviewer",
            "history": [("write", 1)],
            "answer": {
                "tldr": (
                    "In FOP, injury to soft tissue can set off flare-ups that lead to "
                    "new bone. Injections into muscle, biopsies and avoidable "
                    "operations can act as such injuries, so they are avoided whenever "
                    "possible. Vaccines are usually given under the skin instead."
                ),
                "body": (
                    "In FOP, the body responds to some kinds of injury by forming bone "
                    "where there should be muscle, tendon or ligament. Even small "
                    "injuries can start this process.\n\n"
                    "For that reason, people with FOP and their doctors avoid:\n\n"
                    "- injections into muscle, including many vaccines, which can "
                    "usually be given under the skin instead;\n"
                    "- biopsies of lumps, which are often flare-ups rather than "
                    "tumours;\n"
                    "- operations that are not essential, and dental treatment that "
                    "stretches the jaw wide open or numbs it with a deep nerve "
                    "block.\n\n"
                    "Carry information about FOP, and show it to any new doctor, "
                    "dentist or nurse before treatment."
                ),
                "references": [
                    {
                        "title": (
                            "The medical management of fibrodysplasia ossificans "
                            "progressiva: current treatment considerations"
                        ),
                        "source": "International Clinical Council on FOP",
                    },
                    {"title": "Fibrodysplasia ossificans progressiva", **MEDLINEPLUS},
                ],
            },
        },
    ],
}

CONDITIONS = [PARRY_ROMBERG, HYPERMOBILE_EDS, MARFAN, FOP]
