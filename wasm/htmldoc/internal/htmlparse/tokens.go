package htmlparse

import "golang.org/x/net/html"

// The tokenizer is x/net/html's own: only the tree builder is copied.
type (
	Attribute = html.Attribute
	Token     = html.Token
	TokenType = html.TokenType
	Tokenizer = html.Tokenizer
)

const (
	ErrorToken          = html.ErrorToken
	TextToken           = html.TextToken
	StartTagToken       = html.StartTagToken
	EndTagToken         = html.EndTagToken
	SelfClosingTagToken = html.SelfClosingTagToken
	CommentToken        = html.CommentToken
	DoctypeToken        = html.DoctypeToken
)

var NewTokenizer = html.NewTokenizer
var NewTokenizerFragment = html.NewTokenizerFragment
