"""Invented wire stories shared by the tests of agency copies, re-ingest and removal.

One statement by Maria Kowalska is carried by three outlets within three days with small edits
(curly quotes, `US` for `U.S.`, a dash, a comma and a full stop): one wire group. The same
words said again three weeks later are a separate statement.
"""

AGENCY = """Gdansk harbour levy to double, minister says

Wednesday, 12 Nov 2025

GDANSK (Baltic Wire) - Maria Kowalska, the maritime minister, said on Monday that the \
harbour levy would double next year.

"Our ports must pay for their own repairs, and the U.S. carriers will pay their share too," \
Kowalska said.

Tomasz Wojcik, who runs the shipyard, said the levy would drive ships to Rostock.
"""

COPY = """Poland doubles Gdansk port fees

Thursday, 13 Nov 2025

GDANSK (Harbour Daily) - Maria Kowalska, the maritime minister, has defended a plan to \
double the harbour levy in Gdansk.

\u201cOur ports must pay for their own repairs, and the US carriers will pay their share \
too,\u201d Kowalska said.

The port authority said it would publish the new rates in December.
"""

SECOND_COPY = """Shipping lines face higher Gdansk fees

Friday, 14 Nov 2025

GDANSK (Coastal Post) - Maria Kowalska, the maritime minister, was unmoved by complaints \
from shipping lines.

Kowalska said: "Our ports must pay for their own repairs - and the U.S. carriers will pay \
their share, too."
"""

WEEKS_LATER = """Minister defends Gdansk levy in parliament

Thursday, 4 Dec 2025

WARSAW (Baltic Wire) - Maria Kowalska, the maritime minister, defended the harbour levy in \
parliament on Wednesday.

"Our ports must pay for their own repairs, and the U.S. carriers will pay their share too," \
Kowalska said.
"""

ARTICLES = {
    "01_agency.txt": AGENCY,
    "02_copy.txt": COPY,
    "03_second_copy.txt": SECOND_COPY,
    "04_weeks_later.txt": WEEKS_LATER,
}
