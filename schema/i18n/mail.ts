import type { Language } from '../roles.ts'

/** Email texts in fi, sv, en. Each template takes what it needs and returns subject and body. */
interface MailTemplates {
  passwordReset: (p: { link: string }) => { subject: string; body: string }
  invitation: (p: { org: string; role: string; link: string; inviter: string }) => {
    subject: string
    body: string
  }
  registrationReceived: (p: { company: string }) => { subject: string; body: string }
  registrationApproved: (p: { company: string; link: string }) => { subject: string; body: string }
  registrationRejected: (p: { company: string; reason: string }) => { subject: string; body: string }
}

export const MAIL: Record<Language, MailTemplates> = {
  en: {
    passwordReset: ({ link }) => ({
      subject: 'Reset your Kotipiha password',
      body: `Someone asked to reset the password of this Kotipiha account.\n\nSet a new password here (the link works once, for one hour):\n${link}\n\nIf it was not you, ignore this message; your password stays as it is.`,
    }),
    invitation: ({ org, role, link, inviter }) => ({
      subject: `You are invited to ${org} on Kotipiha`,
      body: `${inviter} invited you to ${org} as ${role}.\n\nAccept the invitation here (valid for 14 days):\n${link}`,
    }),
    registrationReceived: ({ company }) => ({
      subject: `Registration of ${company} received`,
      body: `Thank you. The registration of ${company} waits for approval by the property management company. We will email you when it has been reviewed.`,
    }),
    registrationApproved: ({ company, link }) => ({
      subject: `${company} is approved on Kotipiha`,
      body: `The registration of ${company} was approved. You are its administrator and can invite colleagues.\n\nSign in: ${link}`,
    }),
    registrationRejected: ({ company, reason }) => ({
      subject: `Registration of ${company} was not approved`,
      body: `The registration of ${company} was not approved.\n\nReason: ${reason}`,
    }),
  },
  fi: {
    passwordReset: ({ link }) => ({
      subject: 'Kotipiha-salasanan vaihto',
      body: `Tämän Kotipiha-tilin salasanan vaihtoa pyydettiin.\n\nAseta uusi salasana tästä (linkki toimii kerran, tunnin ajan):\n${link}\n\nJos pyyntö ei ollut sinun, voit ohittaa viestin; salasanasi pysyy ennallaan.`,
    }),
    invitation: ({ org, role, link, inviter }) => ({
      subject: `Sinut on kutsuttu: ${org} Kotipihassa`,
      body: `${inviter} kutsui sinut organisaatioon ${org} roolissa ${role}.\n\nHyväksy kutsu tästä (voimassa 14 päivää):\n${link}`,
    }),
    registrationReceived: ({ company }) => ({
      subject: `Rekisteröinti vastaanotettu: ${company}`,
      body: `Kiitos. Yrityksen ${company} rekisteröinti odottaa isännöintiyrityksen hyväksyntää. Saat sähköpostin, kun se on käsitelty.`,
    }),
    registrationApproved: ({ company, link }) => ({
      subject: `${company} on hyväksytty Kotipihaan`,
      body: `Yrityksen ${company} rekisteröinti hyväksyttiin. Olet sen pääkäyttäjä ja voit kutsua kollegoitasi.\n\nKirjaudu: ${link}`,
    }),
    registrationRejected: ({ company, reason }) => ({
      subject: `Rekisteröintiä ei hyväksytty: ${company}`,
      body: `Yrityksen ${company} rekisteröintiä ei hyväksytty.\n\nPerustelu: ${reason}`,
    }),
  },
  sv: {
    passwordReset: ({ link }) => ({
      subject: 'Återställ ditt Kotipiha-lösenord',
      body: `Någon bad om att återställa lösenordet för detta Kotipiha-konto.\n\nVälj ett nytt lösenord här (länken fungerar en gång, i en timme):\n${link}\n\nOm det inte var du kan du ignorera meddelandet; ditt lösenord förblir oförändrat.`,
    }),
    invitation: ({ org, role, link, inviter }) => ({
      subject: `Du är inbjuden till ${org} på Kotipiha`,
      body: `${inviter} bjöd in dig till ${org} som ${role}.\n\nGodkänn inbjudan här (giltig i 14 dagar):\n${link}`,
    }),
    registrationReceived: ({ company }) => ({
      subject: `Registreringen av ${company} har tagits emot`,
      body: `Tack. Registreringen av ${company} väntar på godkännande av disponentbyrån. Vi meddelar dig per e-post när den har behandlats.`,
    }),
    registrationApproved: ({ company, link }) => ({
      subject: `${company} är godkänt på Kotipiha`,
      body: `Registreringen av ${company} godkändes. Du är dess administratör och kan bjuda in kolleger.\n\nLogga in: ${link}`,
    }),
    registrationRejected: ({ company, reason }) => ({
      subject: `Registreringen av ${company} godkändes inte`,
      body: `Registreringen av ${company} godkändes inte.\n\nMotivering: ${reason}`,
    }),
  },
}
