package textnorm

// confusable maps letters that look like ASCII letters to them. It covers the
// Cyrillic, Greek and other lookalikes used to disguise words, restricted to
// characters whose glyphs are visually identical or near-identical to a Latin
// lower- or upper-case letter in common fonts (after Unicode TR39's
// confusables.txt, hand-checked; Unicode licence). Decomposable letters
// (accented, fullwidth, mathematical, circled) are handled by NFKD instead.
var confusable = map[rune]byte{
	// Cyrillic lower case
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'һ': 'h', 'і': 'i', 'ї': 'i', 'ј': 'j', 'к': 'k',
	'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's',
	'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l', 'ь': 'b', 'ѡ': 'w', 'ү': 'y', 'ɡ': 'g',
	// Cyrillic upper case
	'А': 'a', 'В': 'b', 'Е': 'e', 'Ё': 'e', 'Ѕ': 's', 'І': 'i', 'Ї': 'i', 'Ј': 'j', 'К': 'k',
	'М': 'm', 'Н': 'h', 'О': 'o', 'Р': 'p', 'С': 'c', 'Т': 't', 'У': 'y', 'Х': 'x', 'Ү': 'y',
	'Һ': 'h', 'Ԁ': 'd', 'Ԛ': 'q', 'Ԝ': 'w', 'Ӏ': 'l',
	// Greek
	'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p',
	'τ': 't', 'υ': 'u', 'χ': 'x', 'ω': 'w', 'ς': 's',
	'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ζ': 'z', 'Η': 'h', 'Ι': 'i', 'Κ': 'k', 'Μ': 'm', 'Ν': 'n',
	'Ο': 'o', 'Ρ': 'p', 'Τ': 't', 'Υ': 'y', 'Χ': 'x',
	// Latin extensions and IPA letters that render as plain letters
	'ı': 'i', 'ȷ': 'j', 'ℓ': 'l', 'ɑ': 'a', 'ɩ': 'i', 'ʋ': 'u', 'ᴀ': 'a', 'ʙ': 'b', 'ᴄ': 'c',
	'ᴅ': 'd', 'ᴇ': 'e', 'ɢ': 'g', 'ʜ': 'h', 'ɪ': 'i', 'ᴊ': 'j', 'ᴋ': 'k', 'ʟ': 'l', 'ᴍ': 'm',
	'ɴ': 'n', 'ᴏ': 'o', 'ᴘ': 'p', 'ʀ': 'r', 'ꜱ': 's', 'ᴛ': 't', 'ᴜ': 'u', 'ᴠ': 'v', 'ᴡ': 'w',
	'ʏ': 'y', 'ᴢ': 'z', 'ß': 's', 'ø': 'o', 'Ø': 'o', 'đ': 'd', 'Đ': 'd', 'ł': 'l', 'Ł': 'l',
	'ħ': 'h', 'æ': 'a', 'œ': 'o',
}
