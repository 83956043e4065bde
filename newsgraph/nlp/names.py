"""Given names that say a person's gender, and words that say a source is a person.

The given names are common ones of English-language news (politics, business, sport) whose
bearers are, with few exceptions, of one gender; names borne by both (Jordan, Kim, Robin,
Chris, Pat, Alex, Jan, Lee) are left out, so a name here is evidence, not a guess. Like the
Gender Gap Tracker's name lists, they are the weakest evidence: an honorific, a gendered role
noun ("spokeswoman") or a pronoun the text resolves to the person outweigh them.
"""

from __future__ import annotations

MALE_NAMES = frozenset(
    """
    aaron abdul abraham adam adrian ahmed alan albert alberto alejandro alexander alexei alfred ali
    allen alvin amir andre andrew andy angelo anthony antonio arnold arthur barack barry
    ben benjamin bernard bernie bill billy bob bobby boris brad bradley brandon brett brian bruce bryan
    carl carlos cedric chad charles charlie chuck clarence claude clint cory craig curtis dale
    dan daniel danny darrell dave david dean dennis derek devin dick diego dmitry don donald doug
    douglas duncan dustin dwight earl eddie edgar eduardo edward edwin elijah elliott emmanuel enrique
    eric erik ernest eugene evan felix fernando francis francisco frank franklin fred frederick gabriel
    gary gavin gene george gerald gordon graham greg gregory gustavo hakeem hank harold harry hassan
    hector henry herbert howard hugh hugo ian igor isaac ivan jack jacob jaime jake james jared jason
    javier jay jean-claude jeb jeff jeffrey jeremy jerome jerry jesse jim jimmy joe joel john johnny
    jon jonathan jorge jose joseph josh joshua juan julian justin kamal karl keith kenneth kevin kurt
    kyle lamar larry lawrence leon leonard lloyd louis luis luke malcolm manuel marco marcus
    mario mark martin marvin matt matthew maurice max michael miguel mike mitch mitt mohammed muhammad
    nathan neil nicholas nick nikolai norman oliver omar oscar otto pablo patrick paul pedro pete
    peter philip phil pierre rafael ralph ramon randy raul ray raymond reince reggie reza richard
    rick ricky rob robert roberto rod rodney roger roland ron ronald ross roy rudy russell ryan sam
    samuel scott sean sergei sergey seth shawn sheldon sid stanley stephen steve steven stuart ted
    thomas tim timothy todd tom tommy tony travis trevor troy tyler victor vincent vladimir
    wade walter warren wayne wesley will william willie xavier yuri zachary
    """.split()
)
FEMALE_NAMES = frozenset(
    """
    abigail ada adriana agnes aisha alexandra alice alicia alison allison amanda amber amelia amy ana
    andrea angela angelina anita ann anna anne annette antonia april arianna ashley audrey ava barbara
    beatrice becky belinda beth betsy betty beverly bonnie brenda bridget brittany camila candace
    carla carly carmen carol caroline carolyn catherine cathy cecilia celia charlotte chelsea cheryl
    christina christine cindy claire clara claudia colleen connie courtney cynthia daisy dana danielle
    darlene dawn debbie deborah debra denise diana diane dianne donna doris dorothy edith eileen elaine
    eleanor elena elisabeth elise eliza elizabeth ella ellen emily emma erica erin esther eva evelyn
    fatima fiona florence frances francesca gabriela gabrielle gail gina gloria grace hannah harriet
    hazel heather heidi helen hillary holly hope huma ida ilhan irene iris isabel isabella ivanka jackie
    jacqueline jane janet janice jasmine jeanne jennifer jenny jessica jill joan joanna joanne
    jodi josephine joy joyce judith judy julia julie karen kate katherine kathleen kathryn kathy katie
    kayleigh kellyanne kirsten kristen kristin laura lauren leah lillian linda lisa loretta
    lori louise lucy lydia lynn madeleine madison margaret maria marianne marie marilyn marina marine
    martha mary maureen maxine megan melania melanie melissa meryl michelle mildred minyon miriam molly
    monica nadia nancy naomi natalie natasha nicole nikki nina nora olivia pamela patricia paula
    pauline peggy penny phyllis priscilla rachel rebecca regina renee rita roberta rosa rosalind rose
    rosemary ruth sabrina sally samantha sandra sara sarah sharon sheila sherry shirley silvia sofia
    sonia sophia sophie stacey stephanie sue susan susana suzanne sylvia tamara tammy tanya teresa
    theresa tiffany tina tulsi ursula valerie vanessa vera veronica victoria virginia vivian
    wanda wendy whitney yolanda yvonne zoe
    """.split()
)
# Role nouns that say a person's gender ("a spokeswoman", "the congressman").
MALE_NOUNS = frozenset(
    "man men businessman chairman congressman councilman spokesman father son husband brother king".split()
)
FEMALE_NOUNS = frozenset(
    """woman women businesswoman chairwoman congresswoman councilwoman spokeswoman mother daughter wife
    sister queen lady""".split()
)


def name_gender(first_word: str) -> str | None:
    """ "male" or "female" when a given name says so, else None."""
    word = first_word.casefold().rstrip(".")
    if word in MALE_NAMES:
        return "male"
    if word in FEMALE_NAMES:
        return "female"
    return None


def noun_gender(noun: str) -> str | None:
    word = noun.casefold()
    if word in MALE_NOUNS:
        return "male"
    if word in FEMALE_NOUNS:
        return "female"
    return None
