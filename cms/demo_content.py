"""The Dutch demo texts (B1 level: short sentences, everyday words, "u") and a little English.

Kept apart from ``cms.demo`` so the texts can be read and corrected without the code.
"""

from typing import Any

HOME_BODY = (
    "<p>Heeft u diabetes type 2? Dan weet u hoe moeilijk het is om alles alleen te doen. "
    "In een Herstelcirkel werkt u samen met 16 tot 20 mensen die hetzelfde meemaken.</p>"
    "<p>U bent een jaar lang samen in een vaste groep. Een leefkrachtcoach begeleidt de "
    "groep. U kiest zelf uw doelen. En de groep kiest samen de thema's: bijvoorbeeld "
    "gezond eten, meer bewegen of de zin en onzin van medicijnen.</p>"
    "<p>Uw huisarts blijft verantwoordelijk voor uw medische zorg. Maar u heeft zelf de "
    "regie.</p>"
)

PROGRAMME = {
    "title": "Over het programma",
    "slug": "programma",
    "intro": "Herstelcirkel is een groep voor mensen met diabetes type 2. Samen werkt u een "
    "jaar lang aan een gezonder leven.",
    "what_it_is": (
        "<p>In een Herstelcirkel komt u regelmatig samen met een vaste groep. U leert van "
        "elkaar en u steunt elkaar. Een leefkrachtcoach begeleidt de groep. De coach weet "
        "veel van eten, bewegen en leefstijl.</p>"
        "<p>U stelt uw eigen doelen. Doelen die u zelf kiest, haalt u vaker. De groep "
        "bepaalt samen waar de bijeenkomsten over gaan.</p>"
        "<p>Na het eerste jaar kan de groep verder gaan. Twee deelnemers worden dan "
        "aanjager: zij houden de groep op gang.</p>"
    ),
    "who_can_join": (
        "<ul><li>U heeft diabetes type 2.</li>"
        "<li>U bent tussen de 45 en 75 jaar.</li>"
        "<li>U wilt een jaar lang meedoen met een groep.</li>"
        "<li>Uw huisarts vindt het goed dat u meedoet.</li></ul>"
    ),
    "how_to_refer": (
        "<p>De praktijkondersteuner (POH) van uw huisarts kiest mensen uit en vraagt of zij "
        "willen meedoen. Wilt u zelf graag meedoen? Vraag het dan aan uw "
        "praktijkondersteuner.</p>"
        "<p>Uw huisarts moet toestemming geven. Daarna hoort u wanneer uw groep begint.</p>"
        "<p>Tijdens het programma hoeft u vaak niet meer elke drie maanden naar de praktijk. "
        "U gaat dan alleen nog naar de jaarcontrole. Dit spreekt u af met uw huisarts.</p>"
    ),
    "participant_costs": (
        "<p>Uw zorgverzekeraar betaalt de coach. U betaalt zelf een kleine bijdrage per "
        "maand. Zo investeert u in uzelf. Hoeveel u betaalt, hoort u van uw "
        "praktijkondersteuner voordat u begint.</p>"
    ),
}

FUNDERS = {
    "title": "Voor financiers",
    "slug": "voor-financiers",
    "intro": "Zorgverzekeraars, gemeenten en werkgevers maken Herstelcirkel mogelijk. Hier "
    "leest u wat het programma oplevert.",
    "results": (
        "<p>Tien groepen zijn onderzocht. Dit zijn de uitkomsten:</p>"
        "<ul><li>Het gewicht van de deelnemers ging gemiddeld duidelijk omlaag.</li>"
        "<li>Deelnemers gebruikten minder medicijnen.</li>"
        "<li>Het cholesterol werd duidelijk beter.</li>"
        "<li>Deelnemers scoorden beter op zelfmanagement en op actief zijn.</li></ul>"
        "<p>Het HbA1c bleef soms gelijk, terwijl er minder medicijnen nodig waren. Ook dat "
        "is gezondheidswinst.</p>"
    ),
    "body": (
        "<h2>Wat kost het?</h2>"
        "<p>In de proef kostte het programma ongeveer 1.750 euro per deelnemer. De "
        "zorgverzekeraar betaalde de coach. Deelnemers betalen zelf een kleine bijdrage per "
        "maand.</p>"
        "<h2>Wat ziet u als financier?</h2>"
        "<p>U ziet overzichten van de groepen die u betaalt. U ziet nooit namen of "
        "gezondheidsgegevens van één persoon. Kleine groepen tellen we niet apart.</p>"
    ),
    "contact_email": "financiers@herstelcirkel.test",
}

THEME_INDEX = {
    "title": "Thema's",
    "slug": "themas",
    "intro": "Hier vindt u uitleg over de thema's waar groepen over praten. Kies een "
    "onderwerp of zoek een woord.",
}

THEMES: list[dict[str, Any]] = [
    {
        "title": "Gezond eten met diabetes",
        "slug": "gezond-eten",
        "tags": ["voeding"],
        "summary": "Wat u eet, heeft invloed op uw bloedsuiker. Met een paar kleine "
        "veranderingen eet u gezonder. U hoeft niet alles in één keer anders te doen.",
        "text": (
            "<h2>Wat is gezond eten?</h2>"
            "<p>Gezond eten met diabetes is bijna hetzelfde als gezond eten voor iedereen. "
            "Eet veel groente en fruit. Kies volkoren brood en volkoren pasta. Drink vooral "
            "water, thee of koffie zonder suiker.</p>"
            "<h2>Let op suiker en snelle koolhydraten</h2>"
            "<p>Frisdrank, sap, snoep en koek laten uw bloedsuiker snel stijgen. Witbrood "
            "en witte rijst doen dat ook. Volkoren producten en groente laten uw bloedsuiker "
            "langzamer stijgen. U krijgt er ook minder snel honger van.</p>"
            "<h2>Hoeveel eet u?</h2>"
            "<p>Let op de grootte van uw portie. Gebruik een kleiner bord. Vul de helft van "
            "uw bord met groente. Eet rustig, zodat u merkt wanneer u genoeg heeft.</p>"
        ),
        "tips": [
            "Eet elke dag 250 gram groente: dat zijn ongeveer vijf opscheplepels.",
            "Drink water in plaats van frisdrank of sap.",
            "Kijk op het etiket hoeveel suiker in een product zit.",
            "Neem twee stuks fruit per dag, liever dan fruitsap.",
        ],
        "questions": [
            "Wat eet u op een gewone dag?",
            "Welke kleine verandering wilt u deze week proberen?",
            "Wat maakt gezond eten voor u moeilijk?",
        ],
    },
    {
        "title": "Meer bewegen, op uw eigen manier",
        "slug": "meer-bewegen",
        "tags": ["bewegen"],
        "summary": "Bewegen helpt uw bloedsuiker omlaag. Elke minuut telt. Kies een "
        "manier van bewegen die bij u past.",
        "text": (
            "<h2>Waarom bewegen?</h2>"
            "<p>Als u beweegt, gebruiken uw spieren suiker uit uw bloed. Zo daalt uw "
            "bloedsuiker. Bewegen is ook goed voor uw hart, uw gewicht en uw humeur.</p>"
            "<h2>Hoeveel?</h2>"
            "<p>Het advies is: beweeg minstens tweeënhalf uur per week. Bijvoorbeeld vijf "
            "dagen een half uur wandelen of fietsen. Dat mag ook in stukjes van tien "
            "minuten. Doe twee keer per week iets voor uw spieren, zoals traplopen of "
            "oefeningen met een stoel.</p>"
            "<h2>Minder stilzitten</h2>"
            "<p>Zit u lang stil? Sta dan elk half uur even op. Loop een rondje of haal een "
            "glas water.</p>"
            "<h2>Let op</h2>"
            "<p>Gebruikt u insuline of tabletten die een hypo kunnen geven? Vraag uw "
            "praktijkondersteuner wat u moet doen als u meer gaat bewegen.</p>"
        ),
        "tips": [
            "Begin klein: tien minuten wandelen na het eten helpt al.",
            "Spreek af met iemand uit de groep. Samen is het leuker.",
            "Neem de trap in plaats van de lift.",
            "Schrijf op wat u deed. Zo ziet u wat u al bereikt.",
        ],
        "questions": [
            "Welke manier van bewegen vindt u leuk?",
            "Wat houdt u tegen om meer te bewegen?",
            "Met wie uit de groep wilt u samen bewegen?",
        ],
    },
    {
        "title": "Zin en onzin van medicijnen",
        "slug": "zin-en-onzin-van-medicijnen",
        "tags": ["medicijnen"],
        "summary": "Medicijnen kunnen helpen bij diabetes. Maar ze zijn niet de enige "
        "oplossing. Wat doen ze, en kunt u met minder toe?",
        "text": (
            "<h2>Wat doen medicijnen bij diabetes?</h2>"
            "<p>Medicijnen helpen uw bloedsuiker omlaag. Veel mensen beginnen met "
            "metformine. Sommigen krijgen er later andere tabletten of insuline bij. Er zijn "
            "ook medicijnen voor uw bloeddruk en uw cholesterol.</p>"
            "<h2>Bijwerkingen</h2>"
            "<p>Elk medicijn kan bijwerkingen hebben. Metformine geeft soms last van de "
            "darmen. Sommige tabletten en insuline kunnen een hypo geven: dan wordt uw "
            "bloedsuiker te laag. U gaat dan trillen, zweten of voelt zich in de war. Heeft "
            "u last van bijwerkingen? Vertel het uw huisarts of apotheker.</p>"
            "<h2>Kan het met minder?</h2>"
            "<p>Door gezonder te eten en meer te bewegen, hebben sommige mensen minder "
            "medicijnen nodig. Dat is goed nieuws. Maar stop nooit zelf met een medicijn. "
            "Overleg altijd eerst met uw huisarts. Samen kijkt u wat voor u verstandig "
            "is.</p>"
        ),
        "tips": [
            "Maak een lijst van al uw medicijnen en neem die mee naar de huisarts.",
            "Vraag bij een nieuw medicijn: waarvoor is het en hoe lang moet ik het nemen?",
            "Gebruik een pillendoos als u het innemen soms vergeet.",
        ],
        "questions": [
            "Welke medicijnen gebruikt u, en weet u waarvoor ze zijn?",
            "Heeft u vragen over uw medicijnen die u nog nooit heeft gesteld?",
            "Wat zou het voor u betekenen om minder medicijnen te gebruiken?",
        ],
    },
    {
        "title": "Uw HbA1c begrijpen",
        "slug": "hba1c-begrijpen",
        "tags": ["bloedwaarden"],
        "summary": "Het HbA1c laat zien hoe hoog uw bloedsuiker gemiddeld was in de "
        "afgelopen twee tot drie maanden. Wat betekent dat getal voor u?",
        "text": (
            "<h2>Wat is het HbA1c?</h2>"
            "<p>Suiker in uw bloed plakt aan uw rode bloedcellen. Het HbA1c meet hoeveel "
            "suiker er vastzit. Zo ziet u uw gemiddelde bloedsuiker van de laatste twee tot "
            "drie maanden. Eén hoge meting op één dag telt dus niet zo zwaar.</p>"
            "<h2>Welk getal is goed?</h2>"
            "<p>Het HbA1c wordt gemeten in mmol/mol. Voor veel mensen met diabetes type 2 is "
            "het doel 53 mmol/mol of lager. Maar uw doel kan anders zijn, bijvoorbeeld als u "
            "ouder bent of andere ziektes heeft. Vraag uw huisarts of praktijkondersteuner "
            "wat uw eigen doel is.</p>"
            "<h2>Gelijk blijven kan ook winst zijn</h2>"
            "<p>Gebruikt u minder medicijnen en blijft uw HbA1c toch gelijk? Dan gaat het "
            "goed. Uw leefstijl doet dan een deel van het werk van de medicijnen.</p>"
        ),
        "tips": [
            "Schrijf uw uitslag op na elke controle. Zo ziet u hoe het gaat.",
            "Vraag bij de controle: wat is mijn doel, en hoe sta ik ervoor?",
        ],
        "questions": [
            "Kent u uw laatste HbA1c? Wat vond u ervan?",
            "Wat heeft volgens u invloed op uw HbA1c?",
        ],
    },
    {
        "title": "Slaap en stress",
        "slug": "slaap-en-stress",
        "tags": ["slaap", "stress"],
        "summary": "Slecht slapen en veel stress maken uw bloedsuiker hoger. Goed uitrusten "
        "helpt uw lichaam en uw hoofd.",
        "text": (
            "<h2>Slaap en bloedsuiker</h2>"
            "<p>Als u slecht slaapt, werkt uw lichaam minder goed met suiker. U krijgt ook "
            "sneller trek in zoete dingen. De meeste volwassenen hebben zeven tot acht uur "
            "slaap nodig.</p>"
            "<h2>Stress</h2>"
            "<p>Bij stress maakt uw lichaam hormonen aan. Die laten uw bloedsuiker stijgen. "
            "Stress kan komen door werk, geldzorgen of zorgen om familie. Praten helpt vaak "
            "al. Ook bewegen en rustig ademhalen helpen.</p>"
            "<h2>Snurkt u hard?</h2>"
            "<p>Stopt uw ademhaling soms even in uw slaap, of bent u overdag erg moe? Vertel "
            "het uw huisarts. Dit komt vaker voor bij mensen met diabetes en het is goed te "
            "behandelen.</p>"
        ),
        "tips": [
            "Ga elke dag rond dezelfde tijd naar bed en sta rond dezelfde tijd op.",
            "Kijk het laatste uur voor het slapen niet meer op uw telefoon of tv.",
            "Drink na de middag geen koffie of cola meer.",
            "Adem rustig in door uw neus en langzaam uit door uw mond. Doe dit vijf keer.",
        ],
        "questions": [
            "Hoe slaapt u de laatste tijd?",
            "Wat geeft u stress, en wat helpt u om rustig te worden?",
        ],
    },
    {
        "title": "Goed voor uw voeten zorgen",
        "slug": "voetzorg",
        "tags": ["voeten"],
        "summary": "Diabetes kan het gevoel in uw voeten minder maken. Dan merkt u een "
        "wondje niet snel. Kijk daarom elke dag naar uw voeten.",
        "text": (
            "<h2>Waarom voetzorg?</h2>"
            "<p>Door diabetes kunnen de zenuwen en bloedvaten in uw voeten beschadigen. U "
            "voelt dan minder. Een klein wondje kan zo ongemerkt groter worden en slecht "
            "genezen.</p>"
            "<h2>Elke dag kijken</h2>"
            "<p>Kijk elke dag naar uw voeten en tussen uw tenen. Let op wondjes, blaren, "
            "kloofjes, rode plekken of eelt. Kunt u uw voetzolen niet goed zien? Gebruik een "
            "spiegel of vraag iemand om te helpen.</p>"
            "<h2>Wanneer belt u de praktijk?</h2>"
            "<p>Heeft u een wondje dat niet na een paar dagen beter wordt? Of is uw voet "
            "rood, warm of dik? Bel dan dezelfde dag uw huisartsenpraktijk.</p>"
        ),
        "tips": [
            "Voel met uw elleboog of het badwater niet te heet is.",
            "Loop niet op blote voeten, ook niet in huis.",
            "Draag schoenen die goed passen en kijk of er niets in zit.",
            "Laat uw voeten elk jaar controleren bij de jaarcontrole.",
        ],
        "questions": [
            "Kijkt u al elke dag naar uw voeten? Wat maakt dat lastig?",
            "Welke schoenen draagt u het meest, en passen ze goed?",
        ],
    },
    {
        "title": "Koken met een klein budget",
        "slug": "koken-met-een-klein-budget",
        "tags": ["koken", "voeding", "geld"],
        "summary": "Gezond eten hoeft niet duur te zijn. Met een plan en een paar slimme "
        "keuzes kookt u lekker en gezond voor weinig geld.",
        "text": (
            "<h2>Maak een plan</h2>"
            "<p>Bedenk voor de hele week wat u gaat eten. Maak dan een boodschappenlijst. "
            "Zo koopt u alleen wat u nodig heeft en gooit u minder weg.</p>"
            "<h2>Slimme keuzes</h2>"
            "<p>Groente van het seizoen is goedkoper. Diepvriesgroente is net zo gezond als "
            "verse groente en gaat lang mee. Bonen, linzen en kikkererwten zijn goedkoop en "
            "geven u veel eiwit en vezels. Het huismerk van de supermarkt is vaak net zo "
            "goed als een duur merk.</p>"
            "<h2>Kook een keer, eet twee keer</h2>"
            "<p>Maak een grote pan soep of stoofpot. Vries de helft in. Dan heeft u op een "
            "drukke dag ook een gezonde maaltijd.</p>"
        ),
        "tips": [
            "Ga niet met honger boodschappen doen.",
            "Vergelijk de prijs per kilo, niet de prijs per pak.",
            "Gebruik restjes groente in soep, omelet of pastasaus.",
        ],
        "questions": [
            "Wat is uw favoriete goedkope en gezonde maaltijd?",
            "Wilt u een recept delen met de groep?",
            "Waar doet u boodschappen, en waar let u op?",
        ],
    },
]

MEMBERS_PAGE = {
    "title": "Werkbladen voor deelnemers",
    "slug": "werkbladen",
    "intro": "Deze werkbladen zijn alleen voor deelnemers. U gebruikt ze in de groep of thuis.",
    "text": "<p>Print het werkblad of schrijf uw antwoorden in een schrift. Neem het mee naar "
    "de volgende bijeenkomst.</p>",
}

WORKSHEET_TITLE = "Werkblad: mijn eetdagboek"
WORKSHEET_TEXT = """Werkblad: mijn eetdagboek

Schrijf een week lang op wat u eet en drinkt. U hoeft niets te veranderen. U kijkt alleen.

Dag:
Ontbijt:
Lunch:
Avondeten:
Tussendoor:
Drinken:

Vragen voor uzelf:
1. Wat viel u op?
2. Wat wilt u volgende week anders doen?
3. Wat wilt u bespreken in de groep?
"""

NEWS_INDEX = {"title": "Nieuws", "slug": "nieuws", "intro": "Nieuws en aankondigingen."}
NEWS_ITEM = {
    "title": "Nieuwe groepen starten in het voorjaar",
    "slug": "nieuwe-groepen-voorjaar",
    "intro": "In het voorjaar beginnen er nieuwe Herstelcirkels in de wijk.",
    "text": "<p>Wilt u meedoen? Vraag het aan de praktijkondersteuner van uw huisarts. Zij "
    "vertelt u wanneer de groep begint en wat u kunt verwachten.</p>",
}

ENGLISH_HOME = {
    "title": "Herstelcirkel",
    "intro": "Working on your health with type 2 diabetes, together: in a steady group, "
    "with a lifestyle coach, for a year.",
    "body": (
        "<p>Do you have type 2 diabetes? In a Herstelcirkel you work together with 16 to 20 "
        "people who know what it is like. You set your own goals, and the group chooses its "
        "own themes. Your GP stays responsible for your medical care.</p>"
    ),
}
ENGLISH_PROGRAMME = {
    "title": "About the programme",
    "intro": "Herstelcirkel is a group for people with type 2 diabetes. Together you work "
    "on a healthier life for a year.",
    "what_it_is": "<p>You meet regularly with a steady group, guided by a lifestyle coach. "
    "You set your own goals; the group decides what the sessions are about.</p>",
    "who_can_join": "<ul><li>You have type 2 diabetes.</li><li>You are between 45 and 75."
    "</li><li>Your GP agrees that you take part.</li></ul>",
    "how_to_refer": "<p>The practice nurse of your GP asks people to join. Would you like to "
    "join? Ask your practice nurse.</p>",
    "participant_costs": "<p>Your health insurer pays for the coach. You pay a small monthly "
    "contribution yourself.</p>",
}
