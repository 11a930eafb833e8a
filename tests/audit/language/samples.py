"""Consent and order-button wording per language, for the language-first vocabulary tests.

Where a label is quoted from public material the source says where (repository and path at a commit, or
the dataset row's site); the rest are written the way the platforms in that language word them and say
``hand-written``. Real wording:

- DP: the dark-patterns dataset of 11K shopping sites (Mathur et al., "Dark Patterns at Scale", CSCW 2019),
  aruneshmathur/dark-patterns ``data/final-dark-patterns/dark-patterns.csv`` at 56ded3be, category
  Misdirection / Trick Questions and Sneaking / Sneak into Basket (the site is named per row).
- MC4WC: mailchimp/mc-woocommerce ``includes/class-mailchimp-woocommerce-newsletter.php`` at 11970434
  (newsletter box, checked by default unless the merchant changes it; SMS box, always unchecked).
- MC4WP: ibericode/mailchimp-for-wordpress ``config/default-integration-options.php`` at 2b267350
  (label default, ``precheck`` 1).
- PS: PrestaShop customer form (``Receive offers from our partners``, ``Sign up for our newsletter``) and the
  classic theme's payment step (``Order with an obligation to pay``), PrestaShop/PrestaShop
  ``themes/classic/templates/checkout/_partials/steps/payment.tpl``.
- PRONAMIC: pronamic/pronamic-payment-gateways-order-button-text-for-woocommerce ``README.md`` (order-button
  wordings in English and Dutch, citing the ACM's online-sales checklist).
- SW: shopware/shopware ``src/Core/Framework/Test/Snippet/_fixtures/testFilterSnippets/
  expectedResultTranslationKeyFilter1.php`` (the en/de ``sNewsletterInfo`` snippet of Shopware 5).
"""

from __future__ import annotations

from typing import NamedTuple

DP = "aruneshmathur/dark-patterns data/final-dark-patterns/dark-patterns.csv@56ded3be"
MC4WC = "mailchimp/mc-woocommerce includes/class-mailchimp-woocommerce-newsletter.php@11970434"
MC4WP = "ibericode/mailchimp-for-wordpress config/default-integration-options.php@2b267350"
PS = "PrestaShop/PrestaShop classic theme and customer form"
SW = "shopware/shopware Snippet/_fixtures/testFilterSnippets/expectedResultTranslationKeyFilter1.php"
PRONAMIC = "pronamic/pronamic-payment-gateways-order-button-text-for-woocommerce README.md (ACM checklist)"
HAND = "hand-written"


class Label(NamedTuple):
    """A consent-box label: its language, purpose, polarity (``opt_out``: ticking refuses), whether it
    offers a refusal here (``objection``), the channels it names, and where it comes from."""

    language: str
    text: str
    purpose: str
    opt_out: bool = False
    objection: bool = False
    channels: tuple[str, ...] = ()
    source: str = HAND


LABELS: list[Label] = [
    # English: the dataset's Trick Questions rows, one box per sentence group.
    Label(
        "en",
        "We'd like to send you weekly emails packed full of our lovely products, clearance goodies and cool "
        "stuff to win. You can unsubscribe at any time. If you DON'T want to receive these emails, please tick "
        "this box.",
        "marketing",
        True,
        True,
        ("email",),
        f"{DP} loaf.com",
    ),
    Label(
        "en",
        "We'd like to send you the occasional brochure so you can get a regular fix of our lovely product! You "
        "can unsubscribe at any time. If you DON'T want to receive these brochures, please tick this box.",
        "marketing",
        True,
        True,
        ("post",),
        f"{DP} loaf.com",
    ),
    Label(
        "en",
        "We'd like to introduce you to other brands you might love who will post you the occasional brochure. "
        "You can opt out of this at any time. If you DON'T want to receive these brochures, please tick this box.",
        "data_sharing",
        True,
        True,
        ("post", "partners"),
        f"{DP} loaf.com",
    ),
    Label(
        "en",
        "Uncheck the box if you prefer not to receive email updates.",
        "marketing",
        False,
        True,
        ("email",),
        f"{DP} bcbg.com",
    ),
    Label(
        "en",
        "We'd like to keep you informed via email about product updates, upgrades, special offers and pricing. "
        "If you do not wish to be contacted via email, please ensure that the box is not checked.",
        "marketing",
        False,
        True,
        ("email",),
        f"{DP} gshock.com",
    ),
    Label(
        "en",
        "Tick here if you do not want to receive Promotional Offers by Post",
        "marketing",
        True,
        True,
        ("post",),
        f"{DP} littlewoodsireland.ie",
    ),
    Label(
        "en",
        "Tick here if you do wish to receive Promotional Offers by email and/or SMS",
        "marketing",
        False,
        False,
        ("email", "sms"),
        f"{DP} littlewoodsireland.ie",
    ),
    Label(
        "en",
        "Tick here if you would like to receive Offers from selected third parties",
        "data_sharing",
        False,
        False,
        ("partners",),
        f"{DP} littlewoodsireland.ie",
    ),
    Label(
        "en",
        "We'd love to send you emails with offers and new products from New Balance Athletics, Inc. but if you "
        "do not wish to receive these updates, please tick this box.",
        "marketing",
        True,
        True,
        ("email",),
        f"{DP} newbalance.co.uk",
    ),
    Label(
        "en",
        "If you click continue below we will be happy to tell you about discounts, money off and new products "
        "from Very by e-mail and text, unless you tell us you DO NOT want to hear about them, by ticking here.",
        "marketing",
        True,
        True,
        ("email", "sms"),
        f"{DP} very.co.uk",
    ),
    Label(
        "en",
        "If you would like to receive offers from carefully selected 3rd parties, please tick here",
        "data_sharing",
        False,
        False,
        ("partners",),
        f"{DP} very.co.uk",
    ),
    Label("en", "Subscribe to our newsletter", "marketing", channels=("email",), source=MC4WC),
    Label("en", "Text me with news and offers", "marketing", channels=("sms",), source=MC4WC),
    Label("en", "Sign me up for the newsletter!", "marketing", channels=("email",), source=MC4WP),
    Label("en", "Receive offers from our partners", "data_sharing", channels=("partners",), source=PS),
    Label("en", "Sign up for our newsletter", "marketing", channels=("email",), source=PS),
    Label(
        "en",
        "Subscribe now to our regularly released newsletter and be informed about the latest products and "
        "special offers. You will be able to unsubscribe at any time using this website or the link included in "
        "the newsletter.",
        "marketing",
        channels=("email",),
        source=SW,
    ),
    Label("en", "I have read and agree to the website terms and conditions", "terms"),
    Label("en", "Save my payment information for next time", "other"),
    Label("en", "Create an account?", "other"),
    Label("en", "Remember me", "other"),
    # German
    Label(
        "de",
        "Abonnieren Sie jetzt einfach unseren regelmäßig erscheinenden Newsletter und Sie werden stets als "
        "Erster über neue Artikel und Angebote informiert. Der Newsletter ist natürlich jederzeit über einen "
        "Link in der E-Mail oder dieser Seite wieder abbestellbar.",
        "marketing",
        channels=("email",),
        source=SW,
    ),
    Label("de", "Ja, ich möchte den Newsletter mit Angeboten per E-Mail erhalten", "marketing", channels=("email",)),
    Label("de", "Ich möchte keine Werbung per Post erhalten", "marketing", True, True, ("post",)),
    Label("de", "Ich widerspreche der Nutzung meiner E-Mail-Adresse für Werbung", "marketing", True, True, ("email",)),
    Label("de", "Vom Newsletter abmelden", "marketing", True, True, ("email",)),
    Label(
        "de",
        "Entfernen Sie den Haken, falls Sie keine Angebote per E-Mail erhalten möchten",
        "marketing",
        False,
        True,
        ("email",),
    ),
    Label(
        "de",
        "Ich bin mit der Weitergabe meiner Daten an Partnerunternehmen einverstanden",
        "data_sharing",
        channels=("partners",),
    ),
    Label("de", "Ich habe die AGB und die Widerrufsbelehrung gelesen und akzeptiere sie", "terms"),
    Label("de", "Kundenkonto anlegen", "other"),
    # French
    Label("fr", "Recevoir notre newsletter et nos offres par e-mail", "marketing", channels=("email",)),
    Label(
        "fr",
        "Cochez cette case si vous ne souhaitez pas recevoir nos offres par courrier postal",
        "marketing",
        True,
        True,
        ("post",),
    ),
    Label("fr", "Je ne souhaite pas recevoir les offres de nos partenaires", "data_sharing", True, True, ("partners",)),
    Label("fr", "Décochez cette case pour ne pas recevoir nos offres par SMS", "marketing", False, True, ("sms",)),
    Label("fr", "J'accepte les conditions générales de vente", "terms"),
    Label("fr", "Se souvenir de moi", "other"),
    # Dutch
    Label("nl", "Ja, ik wil de nieuwsbrief met aanbiedingen ontvangen", "marketing", channels=("email",)),
    Label("nl", "Ik wil geen aanbiedingen per post ontvangen", "marketing", True, True, ("post",)),
    Label("nl", "Vink dit vakje uit als u geen nieuwsbrief wilt ontvangen", "marketing", False, True, ("email",)),
    Label("nl", "Mijn gegevens mogen gedeeld worden met partners", "data_sharing", channels=("partners",)),
    Label("nl", "Ik ga akkoord met de algemene voorwaarden", "terms"),
    Label("nl", "Account aanmaken", "other"),
    # Spanish
    Label("es", "Quiero recibir ofertas y novedades por correo electrónico", "marketing", channels=("email",)),
    Label("es", "No deseo recibir comunicaciones comerciales por SMS", "marketing", True, True, ("sms",)),
    Label(
        "es",
        "Desmarca esta casilla si no quieres recibir ofertas por correo electrónico",
        "marketing",
        False,
        True,
        ("email",),
    ),
    Label(
        "es", "Acepto la cesión de mis datos a terceros con fines comerciales", "data_sharing", channels=("partners",)
    ),
    Label("es", "He leído y acepto los términos y condiciones", "terms"),
    Label("es", "Guardar mi información para la próxima vez", "other"),
    # Italian
    Label("it", "Iscriviti alla newsletter per ricevere offerte via e-mail", "marketing", channels=("email",)),
    Label("it", "Non desidero ricevere comunicazioni promozionali per posta", "marketing", True, True, ("post",)),
    Label("it", "Deseleziona se non vuoi ricevere offerte via SMS", "marketing", False, True, ("sms",)),
    Label(
        "it",
        "Acconsento alla cessione dei dati a terzi per finalità di marketing",
        "data_sharing",
        channels=("partners",),
    ),
    Label("it", "Ho letto e accetto i termini e le condizioni di vendita", "terms"),
    Label("it", "Ricordami", "other"),
    # Portuguese
    Label("pt", "Desejo receber a newsletter com promoções por e-mail", "marketing", channels=("email",)),
    Label("pt", "Não desejo receber ofertas por SMS", "marketing", True, True, ("sms",)),
    Label("pt", "Desmarque se não quiser receber a newsletter", "marketing", False, True, ("email",)),
    Label("pt", "Aceito partilhar os meus dados com parceiros", "data_sharing", channels=("partners",)),
    Label("pt", "Li e aceito os Termos e Condições", "terms"),
    Label("pt", "Criar conta", "other"),
    # Polish
    Label(
        "pl",
        "Wyrażam zgodę na otrzymywanie informacji handlowych drogą elektroniczną (e-mail)",
        "marketing",
        channels=("email",),
    ),
    Label("pl", "Nie chcę otrzymywać newslettera", "marketing", True, True, ("email",)),
    Label("pl", "Odznacz, jeśli nie chcesz otrzymywać ofert SMS", "marketing", False, True, ("sms",)),
    Label("pl", "Wyrażam zgodę na przekazanie moich danych partnerom", "data_sharing", channels=("partners",)),
    Label("pl", "Akceptuję regulamin sklepu", "terms"),
    Label("pl", "Zapamiętaj mnie", "other"),
    # Swedish
    Label("sv", "Ja, jag vill få nyhetsbrev med erbjudanden via e-post", "marketing", channels=("email",)),
    Label("sv", "Jag vill inte få erbjudanden per post", "marketing", True, True, ("post",)),
    Label("sv", "Avmarkera om du inte vill få nyhetsbrev", "marketing", False, True, ("email",)),
    Label("sv", "Jag godkänner att mina uppgifter delas med tredje part", "data_sharing", channels=("partners",)),
    Label("sv", "Jag godkänner köpvillkoren", "terms"),
    Label("sv", "Kom ihåg mig", "other"),
    # Danish
    Label("da", "Ja tak, jeg vil gerne modtage nyhedsbrev med tilbud på e-mail", "marketing", channels=("email",)),
    Label("da", "Jeg ønsker ikke at modtage tilbud per post", "marketing", True, True, ("post",)),
    Label("da", "Fjern fluebenet, hvis du ikke vil modtage nyhedsbrev", "marketing", False, True, ("email",)),
    Label(
        "da", "Jeg accepterer, at mine oplysninger deles med samarbejdspartnere", "data_sharing", channels=("partners",)
    ),
    Label("da", "Jeg accepterer handelsbetingelserne", "terms"),
    Label("da", "Husk mig", "other"),
    # Czech
    Label("cs", "Chci dostávat novinky a nabídky e-mailem", "marketing", channels=("email",)),
    Label("cs", "Nechci dostávat obchodní sdělení SMS", "marketing", True, True, ("sms",)),
    Label("cs", "Odškrtněte, pokud si nepřejete dostávat newsletter", "marketing", False, True, ("email",)),
    Label("cs", "Souhlasím s předáním mých údajů partnerům", "data_sharing", channels=("partners",)),
    Label("cs", "Souhlasím s obchodními podmínkami", "terms"),
    Label("cs", "Zapamatovat si mě", "other"),
]


class Button(NamedTuple):
    """An order button's words, their language, what they are (accepted, disputed, navigation, advance,
    final)."""

    language: str
    text: str
    kind: str
    source: str = HAND


BUTTONS: list[Button] = [
    Button("en", "Order with an obligation to pay", "accepted", PS),
    Button("en", "Buy now", "accepted"),
    Button("en", "Pay now", "accepted"),
    Button("en", "Pay and complete purchase", "accepted"),
    Button("en", "Order with payment obligation", "accepted", PRONAMIC),
    Button("en", "Place Order", "final", "woocommerce/woocommerce-blocks defaultPlaceOrderButtonLabel"),
    Button("en", "Place order now", "final", "gplcart submit-order template"),
    Button("en", "Confirm Order", "final"),
    Button("en", "Confirm", "final"),
    Button("en", "Place order", "final", "woocommerce/woocommerce templates/checkout/payment.php"),
    Button("en", "Complete order", "final"),
    Button("en", "Submit", "final"),
    Button("en", "Continue to payment", "navigation"),
    Button("en", "Continue", "advance"),
    Button("en", "Next", "advance"),
    Button("de", "Zahlungspflichtig bestellen", "accepted"),
    Button("de", "Kostenpflichtig bestellen", "accepted"),
    Button("de", "Jetzt kaufen", "accepted"),
    Button("de", "Kaufen", "accepted"),
    Button("de", "Bestellen und kaufen", "disputed"),
    Button("de", "Bestellen", "final"),
    Button("de", "Bestellung abschicken", "final"),
    Button("de", "Weiter", "advance"),
    Button("de", "Weiter einkaufen", "navigation"),
    Button("fr", "Commande avec obligation de paiement", "accepted"),
    Button("fr", "Commander avec obligation de paiement", "accepted"),
    Button("fr", "Valider ma commande", "final"),
    Button("fr", "Continuer", "advance"),
    Button("it", "Ordine con obbligo di pagamento", "accepted"),
    Button("it", "Conferma ordine", "final"),
    Button("it", "Continua", "advance"),
    Button("es", "Pedido con obligación de pago", "accepted"),
    Button("es", "Realizar pedido", "final"),
    Button("es", "Continuar", "advance"),
    Button("es", "Continuar con envíos", "navigation"),
    Button("nl", "Bestelling met betalingsverplichting", "accepted"),
    Button("nl", "Bestellen", "final"),
    Button("nl", "Betalingsplichtig bestellen", "accepted"),
    Button("nl", "Bestel en betaal", "accepted", PRONAMIC),
    Button("nl", "Volgende", "advance"),
    Button("pl", "Zamówienie z obowiązkiem zapłaty", "accepted"),
    Button("pl", "Złóż zamówienie", "final"),
    Button("pl", "Kupuję i płacę", "accepted"),
    Button("pl", "Zamawiam i płacę", "accepted"),
    Button("pl", "Dalej", "advance"),
    Button("pt", "Encomenda com obrigação de pagamento", "accepted"),
    Button("pt", "Finalizar encomenda", "final"),
    Button("pt", "Seguinte", "advance"),
    Button("sv", "Beställ med betalningsskyldighet", "accepted"),
    Button("sv", "Slutför beställning", "final"),
    Button("sv", "Fortsätt", "advance"),
    Button("da", "Bestil med betalingsforpligtelse", "accepted"),
    Button("da", "Gennemfør bestilling", "final"),
    Button("da", "Fortsæt", "advance"),
    Button("cs", "Objednávka zavazující k platbě", "accepted"),
    Button("cs", "Odeslat objednávku", "final"),
    Button("cs", "Pokračovat", "advance"),
]
