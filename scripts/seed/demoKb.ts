import { createArticle } from '../../api/kb/repository.ts'
import { enqueueMaterial, enqueueProduct } from '../../api/materials/repository.ts'
import type { DB } from '../../server/db/connect.ts'
import { storeText } from './storeText.ts'

/**
 * The demo knowledge base: articles the management company shares with every cooperative it
 * runs (house rules, sauna, waste sorting), one of As Oy Koivukuja's own, a company draft; and
 * partner materials: a heat pump granted to the demo plumbing company, a door entry system
 * granted to nobody (so the contractor demonstrably does not see it). Written through the same
 * repository functions as the API, so the outbox rows index them for search.
 */

const HOUSE_RULES = `Nämä järjestyssäännöt koskevat kaikkia taloyhtiön asukkaita ja vieraita. Sääntöjen tarkoitus on turvata viihtyisä ja turvallinen asuminen.

## Hiljaisuus

Asunnoissa ja yhteisissä tiloissa vietetään hiljaisuutta **klo 22–7**. Remonttityöt, joista aiheutuu melua, tehdään arkisin klo 8–20 ja lauantaisin klo 9–18.

## Yhteiset tilat

- Porraskäytävissä ei säilytetä tavaroita paloturvallisuuden vuoksi. Lastenvaunut ja rollaattorit saa pitää niille osoitetussa paikassa.
- Kellari- ja ullakkovarastoissa ei säilytetä helposti syttyviä aineita.
- Pihalla ja yhteisissä tiloissa tupakointi on kielletty.

## Parvekkeet ja piha

Grillaus parvekkeella on sallittu vain sähkögrillillä. Mattojen ja vuodevaatteiden tomutus tehdään tomutustelineellä arkisin klo 8–20.

## Vahingot ja viat

Ilmoita viasta tai vahingosta heti Kotipihan **Vikailmoitus**-toiminnolla. Kiireellisissä tapauksissa (vesivuoto, sähkökatko) soita huoltoyhtiön päivystykseen.

Järjestyssääntöjen rikkomisesta voi seurata huomautus tai asunnon hallinnan ottaminen yhtiön haltuun asunto-osakeyhtiölain mukaisesti.`

const SAUNA = `Taloyhtiön sauna on kaikkien asukkaiden yhteinen. Vuorot varataan Kotipihan **Varaukset**-sivulta.

## Vuorot

| Vuoro | Aika |
|---|---|
| Yleinen naisten vuoro | ti klo 18–19 |
| Yleinen miesten vuoro | to klo 18–19 |
| Huoneistokohtaiset vuorot | muina aikoina, 1 h kerrallaan |

Peru vuoro viimeistään 2 tuntia ennen sen alkua, jotta joku muu ehtii käyttää sen.

## Saunan käyttö

1. Kiuas lämpenee noin 45 minuutissa. Kytke se päälle vuorosi alussa ajastimesta.
2. Käytä laudeliinaa ja peseydy ennen saunomista.
3. Älä heitä kiukaalle saunaoluita tai tuoksuöljyjä – vain vettä.
4. Huuhtele lauteet ja kuivaa lattia lastalla vuoron lopuksi.
5. Sammuta valot ja tarkista, että kiuas on pois päältä.

Vioista ilmoitetaan vikailmoituksella. Saunan siivoaa huoltoyhtiö maanantaisin.`

const WASTE = `Jätekatoksessa on astiat seuraaville jakeille. Oikein lajiteltu jäte pitää jätehuoltomaksut kohtuullisina.

- **Biojäte**: ruoantähteet, kahvinporot, talouspaperi. Pakkaa paperipussiin tai biohajoavaan pussiin.
- **Kartonki**: maito- ja mehutölkit, pahvilaatikot litistettyinä.
- **Lasi**: tyhjät lasipullot ja -purkit ilman korkkeja.
- **Metalli**: säilyketölkit, kattilat, alumiinivuoat.
- **Muovi**: puhtaat muovipakkaukset.
- **Sekajäte**: kaikki, mikä ei kuulu muihin jakeisiin.

Vaarallinen jäte (paristot, maalit, lääkkeet) ja isot esineet viedään itse kierrätyskeskukseen tai Sortti-asemalle. Kimppanoutoja voi ehdottaa taloyhtiön keskustelukanavalla.

Lisätietoa: [HSY:n lajitteluohjeet](https://www.hsy.fi/jatteet-ja-kierratys/).`

const LAUNDRY = `Pyykkitupa on A-talon kellarissa. Kone- ja kuivausvuorot varataan Kotipihan Varaukset-sivulta; yhdellä huoneistolla voi olla kaksi vuoroa kerrallaan.

- Puhdista nukkasihti jokaisen kuivauksen jälkeen.
- Jätä koneen luukku auki, jotta rumpu kuivuu.
- Kuivaushuoneessa pyykit saavat olla korkeintaan vuorokauden.`

const DRAFT = `Kevättalkoot pidetään toukokuussa. Tarkka päivä ja ohjelma täydennetään, kun hallitukset ovat vahvistaneet ne.`

const HEAT_PUMP_MANUAL = `Lämpöpumppu X200 – huolto-ohje

1. Katkaise virta pääkytkimestä ennen huoltoa.
2. Puhdista ulkoyksikön lamellit pehmeällä harjalla kahdesti vuodessa.
3. Vaihda sisäyksikön suodatin 12 kuukauden välein (varaosa X200-F12).
4. Tarkista kondenssiveden poisto ja lämmönsiirtonesteen paine (1,2–1,8 bar).
5. Kirjaa huolto huoltokirjaan ja Kotipihan tehtävään.
`

const HEAT_PUMP_CODES = `Lämpöpumppu X200 – vikakoodit

E01  Ulkolämpötila-anturi – tarkista liitin J4
E04  Korkeapainevika – puhdista lauhdutin, tarkista puhallin
E07  Matala virtaus – ilmaa lämmityspiiri, tarkista kiertopumppu
E12  Sulatusvika – tarkista sulatusanturi ja -venttiili
`

export async function seedDemoKb(db: DB, filesDir: string | undefined): Promise<void> {
  const orgs = await db.selectFrom('organisations').select(['id', 'name']).execute()
  const company = orgs.find((o) => o.name === 'Isännöinti Demo Oy')
  const koivukuja = orgs.find((o) => o.name === 'As Oy Koivukuja')
  const plumbers = orgs.find((o) => o.name === 'Putkityö Demo Oy')
  const author = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'manager@example.com')
    .executeTakeFirst()
  const board = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'board@example.com')
    .executeTakeFirst()
  if (!company || !koivukuja || !plumbers || !author) return
  // Blobs go to disk before the transaction (the same order as an upload).
  const blobs = filesDir
    ? [
        {
          title: 'Huolto-ohje X200',
          name: 'x200-huolto-ohje.txt',
          blob: await storeText(filesDir, HEAT_PUMP_MANUAL),
        },
        {
          title: 'Vikakoodit X200',
          name: 'x200-vikakoodit.txt',
          blob: await storeText(filesDir, HEAT_PUMP_CODES),
        },
      ]
    : []

  await db.transaction().execute(async (trx) => {
    const category = async (orgId: string, name: string, position: number) =>
      (
        await trx
          .insertInto('kb_categories')
          .values({ org_id: orgId, name, position })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    const living = await category(company.id, 'Asuminen', 1)
    const shared = await category(company.id, 'Yhteiset tilat', 2)
    const waste = await category(company.id, 'Jätehuolto', 3)
    const coopShared = await category(koivukuja.id, 'Koivukujan tilat', 1)
    const article = (
      orgId: string,
      title: string,
      body: string,
      categoryId: string,
      share: boolean,
      by: string,
    ) =>
      createArticle(
        trx,
        orgId,
        by,
        { title, body, categoryId, language: 'fi', shared: share },
        title.includes('luonnos') ? 'draft' : 'published',
      )
    await article(company.id, 'Järjestyssäännöt', HOUSE_RULES, living, true, author.id)
    await article(company.id, 'Saunavuorot ja saunan käyttö', SAUNA, shared, true, author.id)
    await article(company.id, 'Jätteiden lajittelu', WASTE, waste, true, author.id)
    await article(company.id, 'Kevättalkoot 2026 (luonnos)', DRAFT, living, true, author.id)
    await article(koivukuja.id, 'Pyykkituvan käyttö', LAUNDRY, coopShared, false, board?.id ?? author.id)

    const product = async (name: string, description: string) =>
      (
        await trx
          .insertInto('partner_products')
          .values({ org_id: company.id, name, description, created_by: author.id })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    const heatPump = await product(
      'Lämpöpumppu X200',
      'Maalämpöpumput As Oy Koivukujan ja As Oy Kuusirinteen lämmönjakohuoneissa.',
    )
    await product('Ovipuhelinjärjestelmä', 'Porraskäytävien ovipuhelimet ja kulunvalvonta.')
    await trx
      .insertInto('partner_product_grants')
      .values({
        org_id: company.id,
        product_id: heatPump,
        partner_org_id: plumbers.id,
        granted_by: author.id,
      })
      .execute()
    await enqueueProduct(trx, company.id, heatPump)
    for (const m of blobs) {
      const file = await trx
        .insertInto('files')
        .values({
          org_id: company.id,
          sha256: m.blob.sha256,
          size: m.blob.size,
          mime: m.blob.mime,
          name: m.name,
          uploaded_by: author.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const material = await trx
        .insertInto('partner_materials')
        .values({
          org_id: company.id,
          product_id: heatPump,
          title: m.title,
          file_id: file.id,
          created_by: author.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await enqueueMaterial(trx, company.id, material.id)
    }
  })
}
